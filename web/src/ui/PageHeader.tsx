import { type ReactNode, useEffect, useRef } from 'react';

export const PAGE_TITLE_ID = 'page-title';

let headingFocusPending = false;
let listening = false;

/**
 * After an in-app navigation, focus goes to the new page's heading, so keyboard and screen-reader
 * users start at the top of the new content. The page may still be loading (its code or its data):
 * the heading that shows once it has loaded takes the focus then, unless the user has moved it.
 */
export function focusPageHeading(): void {
  if (!listening) {
    listening = true;
    document.addEventListener('focusin', (event) => {
      if (!(event.target instanceof HTMLElement && event.target.id === PAGE_TITLE_ID))
        headingFocusPending = false;
    });
  }
  headingFocusPending = true;
  document.getElementById(PAGE_TITLE_ID)?.focus();
}

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
}

/** The page's single <h1>. It is focusable so in-app navigation can move focus to it. */
export function PageHeader({ title, description }: PageHeaderProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Rapport`;
  }, [title]);

  // A heading replacing the one that had the focus (loading state -> page) takes it over.
  useEffect(() => {
    const active = document.activeElement;
    if (headingFocusPending && (active === null || active === document.body)) heading.current?.focus();
  }, []);

  return (
    <header className="page-header">
      <h1 id={PAGE_TITLE_ID} tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {description ? <p className="page-header__description">{description}</p> : null}
    </header>
  );
}
