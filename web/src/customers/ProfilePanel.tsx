import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { TextAreaField, TextField } from '../ui/Field';
import { Panel } from '../ui/Panel';
import { useToast } from '../ui/Toast';
import type { PersonUpdate } from '../../../src/customers/index';
import { type Customer360, customerKeys, updatePerson } from './customer-api';

type Draft = {
  firstName: string;
  lastName: string;
  displayName: string;
  birthday: string;
  language: string;
  line1: string;
  city: string;
  postcode: string;
  country: string;
  notes: string;
};

function draftOf(customer: Customer360): Draft {
  const p = customer.profile;
  const a = p.address ?? {};
  return {
    firstName: p.firstName ?? '',
    lastName: p.lastName ?? '',
    displayName: p.displayName,
    birthday: p.birthday ?? '',
    language: p.language ?? '',
    line1: a.line1 ?? '',
    city: a.city ?? '',
    postcode: a.postcode ?? '',
    country: a.country ?? '',
    notes: p.notes ?? '',
  };
}

/** Only what changed, in the API's shape (empty text clears a field). */
export function profileChanges(
  before: Draft,
  after: Draft,
  address: Customer360['profile']['address'],
): PersonUpdate {
  const changes: PersonUpdate = {};
  const nullable = (v: string) => (v.trim() === '' ? null : v.trim());
  if (after.firstName !== before.firstName) changes.firstName = nullable(after.firstName);
  if (after.lastName !== before.lastName) changes.lastName = nullable(after.lastName);
  if (after.displayName !== before.displayName) changes.displayName = after.displayName.trim();
  if (after.birthday !== before.birthday) changes.birthday = nullable(after.birthday);
  if (after.language !== before.language) changes.language = nullable(after.language);
  if (after.notes !== before.notes) changes.notes = nullable(after.notes);
  const addressKeys = ['line1', 'city', 'postcode', 'country'] as const;
  if (addressKeys.some((k) => after[k] !== before[k])) {
    const next = { ...address };
    for (const k of addressKeys) {
      const v = after[k].trim();
      if (v) next[k] = k === 'country' ? v.toUpperCase() : v;
      else delete next[k];
    }
    changes.address = Object.keys(next).length > 0 ? next : null;
  }
  return changes;
}

/**
 * The person's fields as a form: editable when the role may update this person, otherwise shown
 * read-only (with the reason), never as a form that would fail on save.
 */
export function ProfilePanel({
  customer,
  editable,
  role,
}: {
  customer: Customer360;
  editable: boolean;
  role: string;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const initial = draftOf(customer);
  const [draft, setDraft] = useState(initial);
  const changes = profileChanges(initial, draft, customer.profile.address);
  const dirty = Object.keys(changes).length > 0;
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  const save = useMutation({
    mutationFn: () => updatePerson(customer.id, changes),
    onSuccess: async () => {
      toast.show('Profile saved');
      await queryClient.invalidateQueries({ queryKey: customerKeys.c360(customer.id) });
    },
  });
  const fieldError = (field: string) =>
    save.error instanceof ApiError && save.error.field?.startsWith(field) ? save.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editable && dirty && !save.isPending) save.mutate();
  };
  const common = { readOnly: !editable };

  return (
    <Panel title="Profile" testId="profile">
      {!editable ? (
        <p className="panel__note" data-testid="profile-readonly">
          Your role ({role}) may not change this customer: fields are read-only.
        </p>
      ) : null}
      <form className="form form--compact" onSubmit={submit} aria-label="Profile">
        {save.isError && !(save.error instanceof ApiError && save.error.field) ? (
          <p className="alert alert--error" role="alert">
            {errorMessage(save.error)}
          </p>
        ) : null}
        <div className="form-row">
          <TextField
            label="First name"
            value={draft.firstName}
            onChange={set('firstName')}
            error={fieldError('firstName')}
            {...common}
          />
          <TextField
            label="Last name"
            value={draft.lastName}
            onChange={set('lastName')}
            error={fieldError('lastName')}
            {...common}
          />
        </div>
        <TextField
          label="Display name"
          value={draft.displayName}
          onChange={set('displayName')}
          required
          error={fieldError('displayName')}
          {...common}
        />
        <div className="form-row">
          <TextField
            label="Birthday"
            type="date"
            value={draft.birthday}
            onChange={set('birthday')}
            error={fieldError('birthday')}
            {...common}
          />
          <TextField
            label="Language"
            value={draft.language}
            onChange={set('language')}
            placeholder="en"
            error={fieldError('language')}
            {...common}
          />
        </div>
        <TextField
          label="Street"
          value={draft.line1}
          onChange={set('line1')}
          error={fieldError('address')}
          {...common}
        />
        <div className="form-row">
          <TextField label="City" value={draft.city} onChange={set('city')} {...common} />
          <TextField label="Postcode" value={draft.postcode} onChange={set('postcode')} {...common} />
          <TextField
            label="Country"
            value={draft.country}
            onChange={set('country')}
            maxLength={2}
            placeholder="US"
            {...common}
          />
        </div>
        <TextAreaField
          label="Profile notes"
          value={draft.notes}
          onChange={set('notes')}
          error={fieldError('notes')}
          {...common}
        />
        {editable ? (
          <div className="form__actions">
            <Button onClick={() => setDraft(initial)} disabled={!dirty || save.isPending}>
              Reset
            </Button>
            <Button type="submit" variant="primary" disabled={!dirty} busy={save.isPending}>
              Save changes
            </Button>
          </div>
        ) : null}
      </form>
    </Panel>
  );
}
