import { useEffect, useState } from 'react';
import { type Health, fetchHealth } from './health';

type HealthState = { status: 'loading' } | { status: 'ok'; health: Health } | { status: 'down' };

/** A discreet one-line server status for the frame footer. */
export function HealthStatus() {
  const [state, setState] = useState<HealthState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetchHealth(controller.signal).then(
      (health) => {
        if (!controller.signal.aborted) setState(health ? { status: 'ok', health } : { status: 'down' });
      },
      () => {
        if (!controller.signal.aborted) setState({ status: 'down' });
      },
    );
    return () => controller.abort();
  }, []);

  if (state.status === 'loading') return <span className="health">Checking server…</span>;
  if (state.status === 'down') {
    return (
      <span className="health health--down">
        <span className="health__dot" aria-hidden="true" />
        Server status unavailable
      </span>
    );
  }
  const { health } = state;
  const ok = health.status === 'ok';
  return (
    <span className={ok ? 'health health--ok' : 'health health--down'}>
      <span className="health__dot" aria-hidden="true" />
      Server {ok ? 'OK' : health.status} · {health.database} · schema {health.schemaVersion}
    </span>
  );
}
