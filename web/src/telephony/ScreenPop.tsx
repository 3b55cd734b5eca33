import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { preloadPage } from '../app/page-loaders';
import { useRouter } from '../app/router';
import { paths } from '../app/routes';
import { prefetchCustomer } from '../customers/customer-api';
import { humanise } from '../customers/humanise';
import { usePhoneFormatter } from '../customers/usePhoneFormatter';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { NewCallerDialog } from './NewCallerDialog';
import { describeOpenItems, parseScreenPop, type ScreenPop } from './pop';
import { type LiveStatus, useLiveEvents } from './useLiveEvents';

const EVENT_TYPES = ['call'] as const;

export interface ScreenPopState {
  status: LiveStatus;
  pop: ScreenPop | null;
  setPop(pop: ScreenPop | null): void;
}

/** Listens to the user's live events; the latest incoming call is the pop to show. */
export function useScreenPop(): ScreenPopState {
  const queryClient = useQueryClient();
  const [pop, setPop] = useState<ScreenPop | null>(null);

  const onEvent = useCallback(
    (_type: string, data: string) => {
      const next = parseScreenPop(data);
      if (!next) return;
      setPop(next);
      preloadPage('customer');
      // The call is on the caller's timeline now: refresh their page if it is cached.
      if (next.personId) void queryClient.invalidateQueries({ queryKey: ['person', next.personId] });
    },
    [queryClient],
  );
  const status = useLiveEvents(EVENT_TYPES, onEvent);
  return { status, pop, setPop };
}

/**
 * The screen pop banner: the caller's name and a button to open them, or "new caller" with a
 * form to create them, the number filled in.
 */
export function ScreenPopBanner({ pop, setPop }: ScreenPopState) {
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const [newCallerPhone, setNewCallerPhone] = useState<string | null>(null);
  const formatPhone = usePhoneFormatter();
  const number = pop ? (pop.fromE164 ? formatPhone(pop.fromE164) : pop.from) : '';
  const openItems = pop ? describeOpenItems(pop.openItems) : null;

  return (
    <>
      {pop ? (
        <div className="screen-pop" role="alert" data-testid="screen-pop">
          <span className="screen-pop__icon" aria-hidden="true">
            ☎
          </span>
          <div className="screen-pop__who">
            <p className="screen-pop__title">
              Incoming call: <strong>{pop.newCaller ? 'New caller' : pop.name}</strong>
            </p>
            <p className="screen-pop__meta">
              {number}
              {pop.segment ? (
                <>
                  {' '}
                  · <Badge>{humanise(pop.segment)}</Badge>
                </>
              ) : null}
              {openItems ? ` · ${openItems}` : null}
            </p>
          </div>
          <div className="screen-pop__actions">
            {pop.personId ? (
              <Button
                variant="primary"
                onClick={() => {
                  if (pop.personId) {
                    prefetchCustomer(queryClient, pop.personId);
                    navigate(paths.customer(pop.personId));
                  }
                  setPop(null);
                }}
              >
                Open customer
              </Button>
            ) : (
              <Button
                variant="primary"
                onClick={() => {
                  setNewCallerPhone(pop.fromE164 ?? pop.from);
                  setPop(null);
                }}
              >
                Create customer
              </Button>
            )}
            <Button variant="ghost" onClick={() => setPop(null)}>
              Dismiss
            </Button>
          </div>
        </div>
      ) : null}
      <NewCallerDialog phone={newCallerPhone} onClose={() => setNewCallerPhone(null)} />
    </>
  );
}

export function LiveIndicator({ status }: { status: LiveStatus }) {
  const label =
    status === 'live'
      ? 'Calls: live'
      : status === 'connecting'
        ? 'Calls: connecting…'
        : 'Calls: reconnecting…';
  return (
    <span className={`live live--${status}`} data-testid="live-status" data-status={status} title={label}>
      <span className="live__dot" aria-hidden="true" />
      <span className="live__label">{label}</span>
    </span>
  );
}
