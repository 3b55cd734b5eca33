import { type ReactNode, useId } from 'react';

interface EmptyStateProps {
  title: string;
  children?: ReactNode;
}

export function EmptyState({ title, children }: EmptyStateProps) {
  const titleId = useId();
  return (
    <section className="empty-state" aria-labelledby={titleId}>
      <div className="empty-state__icon" aria-hidden="true" />
      <h2 id={titleId} className="empty-state__title">
        {title}
      </h2>
      {children ? <div className="empty-state__body">{children}</div> : null}
    </section>
  );
}
