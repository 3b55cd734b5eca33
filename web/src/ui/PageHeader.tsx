import { type ReactNode, useEffect } from 'react';

export const PAGE_TITLE_ID = 'page-title';

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
}

/** The page's single <h1>. It is focusable so in-app navigation can move focus to it. */
export function PageHeader({ title, description }: PageHeaderProps) {
  useEffect(() => {
    document.title = `${title} · Rapport`;
  }, [title]);

  return (
    <header className="page-header">
      <h1 id={PAGE_TITLE_ID} tabIndex={-1}>
        {title}
      </h1>
      {description ? <p className="page-header__description">{description}</p> : null}
    </header>
  );
}
