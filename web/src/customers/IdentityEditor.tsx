import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { PanelEmpty } from '../ui/Panel';
import { useToast } from '../ui/Toast';
import type { Identity } from '../../../src/customers/index';
import { customerKeys } from './customer-api';
import { formatPhone, humanise } from './format';

const KIND_LABELS: Record<string, string> = {
  email: 'Email',
  phone: 'Phone',
  external: 'External id',
  device: 'Device',
  social: 'Social',
};
const ADDABLE = ['email', 'phone', 'external'] as const;

const display = (identity: Identity) =>
  identity.kind === 'phone' ? formatPhone(identity.value) : identity.value;

/** The person's emails, phones and ids; a role that may edit the person adds and removes them here. */
export function IdentityEditor({
  personId,
  identities,
  editable,
}: {
  personId: string;
  identities: Identity[];
  editable: boolean;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [kind, setKind] = useState<(typeof ADDABLE)[number]>('email');
  const [value, setValue] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: customerKeys.c360(personId) });
  const add = useMutation({
    mutationFn: () =>
      api.post(`/api/people/${encodeURIComponent(personId)}/identities`, { kind, value: value.trim() }),
    onSuccess: async () => {
      toast.show(`${KIND_LABELS[kind]} added`);
      setValue('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (identity: Identity) =>
      api.delete(`/api/people/${encodeURIComponent(personId)}/identities/${encodeURIComponent(identity.id)}`),
    onSuccess: async (_, identity) => {
      toast.show(`Removed ${display(identity)}`);
      await refresh();
    },
    onError: (error) => toast.show(`Could not remove it: ${errorMessage(error)}`, 'error'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() && !add.isPending) add.mutate();
  };

  return (
    <>
      {identities.length === 0 ? (
        <PanelEmpty>No email, phone or id on file.</PanelEmpty>
      ) : (
        <ul className="identity-list" data-testid="identities">
          {identities.map((identity) => (
            <li key={identity.id} className="identity-list__row">
              <Badge>{KIND_LABELS[identity.kind] ?? humanise(identity.kind)}</Badge>
              <span className="identity-list__value">{display(identity)}</span>
              {editable ? (
                <Button
                  size="sm"
                  variant="ghost"
                  className="identity-list__remove"
                  aria-label={`Remove ${KIND_LABELS[identity.kind] ?? identity.kind} ${display(identity)}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(identity)}
                >
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <form className="identity-add" onSubmit={submit} aria-label="Add an identity">
          <SelectField
            label="Kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as (typeof ADDABLE)[number])}
            options={ADDABLE.map((k) => ({ value: k, label: KIND_LABELS[k] ?? k }))}
          />
          <TextField
            label="Value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={
              kind === 'external' ? 'shop:12345' : kind === 'phone' ? '+1 415 555 0100' : 'name@example.com'
            }
            maxLength={320}
            error={add.isError ? errorMessage(add.error) : null}
          />
          <Button type="submit" size="sm" disabled={!value.trim()} busy={add.isPending}>
            Add
          </Button>
        </form>
      ) : null}
    </>
  );
}
