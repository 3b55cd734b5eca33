import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Panel } from '../ui/Panel';
import { useToast } from '../ui/Toast';
import { channelLabel } from './ChannelIcon';
import type { ConsentInput } from '../../../src/customers/index';
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from '../lib/vocabulary';
import { type Customer360, customerKeys, recordConsent } from './customer-api';
import { formatDate, humanise } from './format';

/** Consent per channel and purpose: the state now, and a button to record the opposite. */
export function ConsentPanel({
  personId,
  consent,
  editable,
}: {
  personId: string;
  consent: Customer360['consent'];
  editable: boolean;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const change = useMutation({
    mutationFn: (input: Omit<ConsentInput, 'source'>) => recordConsent(personId, input),
    onSuccess: async (_, input) => {
      toast.show(`${channelLabel(input.channel)} ${input.purpose} consent ${input.state}`);
      await queryClient.invalidateQueries({ queryKey: customerKeys.c360(personId) });
    },
    onError: (error) => toast.show(`Could not record consent: ${errorMessage(error)}`, 'error'),
  });
  const stateOf = (channel: string, purpose: string) =>
    consent.find((c) => c.channel === channel && c.purpose === purpose) ?? null;

  return (
    <Panel title="Consent" testId="consent">
      <div className="table-wrap">
        <table className="table table--compact">
          <caption className="visually-hidden">Consent per channel and purpose</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              {CONSENT_PURPOSES.map((p) => (
                <th key={p} scope="col">
                  {humanise(p)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CONSENT_CHANNELS.map((channel) => (
              <tr key={channel}>
                <th scope="row">{channelLabel(channel)}</th>
                {CONSENT_PURPOSES.map((purpose) => {
                  const current = stateOf(channel, purpose);
                  const granted = current?.state === 'granted';
                  const label = `${channelLabel(channel)} ${purpose}`;
                  return (
                    <td key={purpose} data-testid={`consent-${channel}-${purpose}`}>
                      <div className="consent-cell">
                        <Badge
                          tone={current ? (granted ? 'success' : 'danger') : 'neutral'}
                          title={
                            current?.recordedAt ? `Recorded ${formatDate(current.recordedAt)}` : undefined
                          }
                        >
                          {current ? (granted ? 'Granted' : 'Withdrawn') : 'Not asked'}
                        </Badge>
                        {editable ? (
                          <Button
                            size="sm"
                            variant={granted ? 'danger' : 'ghost'}
                            aria-label={`${granted ? 'Withdraw' : 'Grant'} ${label} consent`}
                            disabled={change.isPending}
                            onClick={() =>
                              change.mutate({ channel, purpose, state: granted ? 'withdrawn' : 'granted' })
                            }
                          >
                            {granted ? 'Withdraw' : 'Grant'}
                          </Button>
                        ) : null}
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
