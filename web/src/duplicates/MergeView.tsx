import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { fetchUsers } from '../customers/customer-api';
import { formatPhone, humanise } from '../customers/format';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { PageHeader } from '../ui/PageHeader';
import { Panel } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { duplicateKeys, fetchPerson, type MergeOutcome, mergePeople } from './duplicates-api';
import {
  compareFields,
  defaultPick,
  displayValue,
  FIELD_LABELS,
  type FieldRow,
  type MergeField,
  mergeRequest,
  type Side,
} from './merge-plan';

type Person = Awaited<ReturnType<typeof fetchPerson>>;

/** Two people side by side: pick the survivor and each differing field, preview the merge, then merge. */
export function MergeView({ ids, onBack }: { ids: Record<Side, string>; onBack(): void }) {
  const a = useQuery({
    queryKey: duplicateKeys.person(ids.a),
    queryFn: ({ signal }) => fetchPerson(ids.a, signal),
  });
  const b = useQuery({
    queryKey: duplicateKeys.person(ids.b),
    queryFn: ({ signal }) => fetchPerson(ids.b, signal),
  });
  const users = useQuery({ queryKey: ['users'], queryFn: ({ signal }) => fetchUsers(signal) });
  const error = a.error ?? b.error;
  return (
    <>
      <PageHeader
        title="Merge duplicates"
        description="Choose the record to keep and, for each field, the value."
      />
      <div className="toolbar">
        <Button variant="ghost" onClick={onBack}>
          ← Back to duplicates
        </Button>
      </div>
      {error ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(error)}
        </p>
      ) : a.data && b.data ? (
        <Compare
          ids={ids}
          people={{ a: a.data, b: b.data }}
          userName={(id) => users.data?.find((u) => u.id === id)?.name}
        />
      ) : (
        <Spinner label="Loading both people…" />
      )}
    </>
  );
}

function Compare({
  ids,
  people,
  userName,
}: {
  ids: Record<Side, string>;
  people: Record<Side, Person>;
  userName(id: string): string | undefined;
}) {
  const queryClient = useQueryClient();
  const rows = compareFields(people.a, people.b);
  const [survivor, setSurvivor] = useState<Side>('a');
  const [picks, setPicks] = useState<Partial<Record<MergeField, Side>>>({});
  const pickOf = (row: FieldRow) => picks[row.field] ?? defaultPick(row, survivor);
  const request = () =>
    mergeRequest(ids, survivor, Object.fromEntries(rows.map((r) => [r.field, pickOf(r)])));
  const preview = useMutation({ mutationFn: () => mergePeople(request(), true) });
  const merge = useMutation({
    mutationFn: () => mergePeople(request(), false),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: duplicateKeys.candidates }),
  });
  const change = (apply: () => void) => {
    apply();
    preview.reset();
  };
  const name = (side: Side) => String(people[side].displayName ?? '');
  const show = (value: unknown) => displayValue(value, userName);

  if (merge.data) return <Result outcome={merge.data} />;

  return (
    <div className="stack">
      <Panel title="Side by side">
        <fieldset className="check-list" style={{ gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' }}>
          <legend className="field__label">Record to keep (its id stays; the other is merged into it)</legend>
          {(['a', 'b'] as const).map((side) => (
            <label key={side} className="check">
              <input
                type="radio"
                name="survivor"
                checked={survivor === side}
                onChange={() => change(() => setSurvivor(side))}
              />
              Keep {name(side)}
            </label>
          ))}
        </fieldset>
        <table className="compare">
          <caption className="visually-hidden">Fields of both people</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">{name('a')}</th>
              <th scope="col">{name('b')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const differs = show(row.a) !== show(row.b);
              return (
                <tr key={row.field} className={row.conflict ? 'compare__conflict' : undefined}>
                  <th scope="row">{FIELD_LABELS[row.field]}</th>
                  {(['a', 'b'] as const).map((side) => (
                    <td key={side}>
                      {differs ? (
                        <label>
                          <input
                            type="radio"
                            name={`field-${row.field}`}
                            aria-label={`${FIELD_LABELS[row.field]}: keep ${show(row[side])}`}
                            checked={pickOf(row) === side}
                            onChange={() => change(() => setPicks({ ...picks, [row.field]: side }))}
                          />
                          <span>{show(row[side])}</span>
                        </label>
                      ) : (
                        show(row[side])
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
            <tr>
              <th scope="row">Identities</th>
              {(['a', 'b'] as const).map((side) => (
                <td key={side}>{identities(people[side]) || '—'}</td>
              ))}
            </tr>
          </tbody>
        </table>
        <p className="panel__note">
          Identities, interactions, tasks and notes of both move to the record kept.
        </p>
        <div className="toolbar" style={{ marginTop: 'var(--space-4)' }}>
          <Button busy={preview.isPending} onClick={() => preview.mutate()}>
            Preview merge
          </Button>
          <Button
            variant="primary"
            disabled={!preview.data}
            busy={merge.isPending}
            onClick={() => merge.mutate()}
          >
            Merge
          </Button>
        </div>
        {preview.error || merge.error ? (
          <p className="alert alert--error" role="alert">
            {errorMessage(preview.error ?? merge.error)}
          </p>
        ) : null}
      </Panel>
      {preview.data ? <Preview outcome={preview.data} show={show} /> : null}
    </div>
  );
}

function identities(person: Pick<Person, 'identities'>): string {
  return person.identities.map((i) => (i.kind === 'phone' ? formatPhone(i.value) : i.value)).join(', ');
}

function Preview({ outcome, show }: { outcome: MergeOutcome; show(value: unknown): string }) {
  const moved = Object.entries(outcome.moved).filter(([, n]) => n > 0);
  return (
    <Panel title="Preview" testId="merge-preview">
      <dl className="facts">
        {(
          [
            'displayName',
            'firstName',
            'lastName',
            'birthday',
            'lifecycleStage',
            'ownerId',
            'address',
          ] as const
        ).map((field) => (
          <div key={field} className="facts__pair">
            <dt>{FIELD_LABELS[field]}</dt>
            <dd>
              {field === 'lifecycleStage'
                ? humanise(outcome.result.lifecycleStage)
                : show(outcome.result[field])}
            </dd>
          </div>
        ))}
        <div className="facts__pair">
          <dt>Identities</dt>
          <dd>{identities(outcome.result) || '—'}</dd>
        </div>
      </dl>
      <p className="panel__note">
        {moved.length > 0
          ? `Moves ${moved.map(([table, n]) => `${n} ${(table.split('.')[0] ?? table).replaceAll('_', ' ')}`).join(', ')} to the record kept.`
          : 'No other records refer to the merged person.'}
      </p>
    </Panel>
  );
}

function Result({ outcome }: { outcome: MergeOutcome }) {
  const name = outcome.result.displayName;
  return (
    <Panel title="Merged" testId="merge-result">
      <p role="status">
        The two records are now one: <Link to={paths.customer(outcome.survivorId)}>{name}</Link>.
      </p>
      <p>
        <Link to="/duplicates">Back to duplicates</Link>
      </p>
    </Panel>
  );
}
