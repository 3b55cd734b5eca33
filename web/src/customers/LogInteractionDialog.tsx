import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/api';
import type { Channel } from '../lib/vocabulary';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../ui/Field';
import { useToast } from '../ui/Toast';
import { customerKeys, logInteraction } from './customer-api';

/** What the agent logs from the page, and how it is stored. */
export const LOG_KINDS = {
  call: { label: 'call', channel: 'phone', type: 'call' },
  email: { label: 'email', channel: 'email', type: 'email' },
  chat: { label: 'chat', channel: 'chat', type: 'chat' },
  visit: { label: 'visit', channel: 'store', type: 'visit' },
} as const satisfies Record<string, { label: string; channel: Channel; type: string }>;
export type LogKind = keyof typeof LOG_KINDS;

interface Props {
  kind: LogKind | null;
  personId: string;
  agentId: string;
  onClose(): void;
}

export function LogInteractionDialog({ kind, personId, agentId, onClose }: Props) {
  return (
    <Dialog open={kind !== null} title={kind ? `Log a ${LOG_KINDS[kind].label}` : ''} onClose={onClose}>
      {kind ? <LogForm kind={kind} personId={personId} agentId={agentId} onDone={onClose} /> : null}
    </Dialog>
  );
}

function LogForm({
  kind,
  personId,
  agentId,
  onDone,
}: {
  kind: LogKind;
  personId: string;
  agentId: string;
  onDone(): void;
}) {
  const spec = LOG_KINDS[kind];
  const queryClient = useQueryClient();
  const toast = useToast();
  const [direction, setDirection] = useState<'inbound' | 'outbound'>(
    kind === 'visit' ? 'inbound' : 'outbound',
  );
  const [subject, setSubject] = useState('');
  const [summary, setSummary] = useState('');
  const [minutes, setMinutes] = useState('');

  const save = useMutation({
    mutationFn: () =>
      logInteraction({
        personId,
        agentId,
        channel: spec.channel,
        type: spec.type,
        direction,
        subject: subject.trim() || undefined,
        summary: summary.trim() || undefined,
        durationSeconds: minutes ? Math.round(Number(minutes) * 60) : undefined,
      }),
    onSuccess: async () => {
      toast.show(`${spec.label.charAt(0).toUpperCase()}${spec.label.slice(1)} logged`);
      onDone();
      await queryClient.invalidateQueries({ queryKey: customerKeys.all(personId) });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };

  return (
    <form className="form" onSubmit={submit}>
      {save.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <SelectField
        label="Direction"
        value={direction}
        onChange={(e) => setDirection(e.target.value === 'inbound' ? 'inbound' : 'outbound')}
        options={[
          { value: 'inbound', label: 'Inbound (the customer reached us)' },
          { value: 'outbound', label: 'Outbound (we reached the customer)' },
        ]}
      />
      <TextField
        label="Subject"
        value={subject}
        onChange={(e) => setSubject(e.target.value)}
        maxLength={300}
        autoFocus
      />
      <TextAreaField
        label="Summary"
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        maxLength={2000}
      />
      {kind === 'call' ? (
        <TextField
          label="Duration (minutes)"
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      ) : null}
      <DialogActions>
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save {spec.label}
        </Button>
      </DialogActions>
    </form>
  );
}
