import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

interface State {
  error: Error | null;
}

/**
 * Keeps a page that fails to load or to render inside the frame: the navigation, search and screen
 * pop stay usable, and a reload is offered. A page's code is downloaded on first visit, so a dropped
 * network or a new release (the old chunk is gone) lands here instead of blanking the console.
 * Give it `key={path}` so another address starts afresh.
 */
export class PageBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const download = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(
      error.message,
    );
    return (
      <>
        <PageHeader title="This page could not be shown" />
        <EmptyState title={download ? 'Its code could not be downloaded' : 'Something went wrong on it'}>
          <p>
            {download
              ? 'The network dropped, or Rapport was updated since this tab was opened.'
              : error.message}
          </p>
          <Button variant="primary" onClick={() => window.location.reload()}>
            Reload the page
          </Button>
        </EmptyState>
      </>
    );
  }
}
