import { type ReactNode, useId } from 'react';

interface PanelProps {
  title: string;
  /** Buttons or links shown at the right of the title. */
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
  /** The content is still loading (aria-busy: assistive technology waits for it). */
  busy?: boolean;
}

/** A titled card section; the title labels the region for screen readers. */
export function Panel({ title, actions, children, className, testId, busy }: PanelProps) {
  const titleId = useId();
  return (
    <section
      className={`panel${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      aria-busy={busy}
    >
      <header className="panel__header">
        <h2 id={titleId} className="panel__title">
          {title}
        </h2>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </header>
      <div className="panel__body">{children}</div>
    </section>
  );
}

/** The quiet "nothing here yet" line inside a panel. */
export function PanelEmpty({ children }: { children: ReactNode }) {
  return <p className="panel__empty">{children}</p>;
}
