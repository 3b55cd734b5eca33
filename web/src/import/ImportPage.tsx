import { useMutation, useQuery } from '@tanstack/react-query';
import { type ChangeEvent, useState } from 'react';
import type { PageProps } from '../app/page';
import { can } from '../auth/permissions';
import { humanise } from '../customers/format';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { PageHeader } from '../ui/PageHeader';
import { Panel } from '../ui/Panel';
import { type Column, Table } from '../ui/Table';
import '../ui/data.css';
import { guessMapping, IMPORT_FIELDS, type ImportKind, readHeader } from './csv-columns';
import { FINISHED, fetchImport, type ImportRun, rejectedUrl, startImport } from './import-api';

interface Chosen {
  file: File;
  columns: string[];
  delimiter: string;
}

/** /import: choose a CSV, map its columns, dry-run it, run it with a live progress bar, download the rejected rows. */
export function ImportPage({ session }: PageProps) {
  const [kind, setKind] = useState<ImportKind>('people');
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [source, setSource] = useState('');
  const [runId, setRunId] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const mayImport = NEEDS[kind].every(([type, action]) => can(session.permissions, type, action));

  const start = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!chosen) throw new Error('Choose a file first');
      return startImport({
        kind,
        file: chosen.file,
        mapping,
        delimiter: chosen.delimiter,
        dryRun,
        skipBadRows,
        source: source.trim() || undefined,
      });
    },
    onSuccess: (run) => setRunId(run.id),
  });
  const run = useQuery({
    queryKey: ['import', runId],
    queryFn: ({ signal }) => fetchImport(runId ?? '', signal),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data && FINISHED.includes(query.state.data.state) ? false : 400),
  });
  const busy = start.isPending || (runId !== null && !(run.data && FINISHED.includes(run.data.state)));

  const reset = () => {
    start.reset();
    setRunId(null);
  };
  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    reset();
    setReadError(null);
    const file = event.target.files?.[0];
    if (!file) return setChosen(null);
    const head = readHeader(await file.slice(0, 64 * 1024).text());
    if (head.columns.length === 0) {
      setChosen(null);
      return setReadError('The file has no header line.');
    }
    setChosen({ file, ...head });
    setMapping(guessMapping(head.columns, IMPORT_FIELDS[kind]));
  };

  return (
    <>
      <PageHeader
        title="Import"
        description="Load people, interactions, orders, products or accounts from a CSV file."
      />
      <div className="stack">
        <Panel title="1. File">
          <div className="toolbar">
            <SelectField
              label="What the file holds"
              value={kind}
              onChange={(e) => {
                const next = e.target.value as ImportKind;
                setKind(next);
                reset();
                if (chosen) setMapping(guessMapping(chosen.columns, IMPORT_FIELDS[next]));
              }}
              options={[
                { value: 'people', label: 'People' },
                { value: 'interactions', label: 'Interactions' },
                { value: 'orders', label: 'Orders' },
                { value: 'products', label: 'Products' },
                { value: 'accounts', label: 'Accounts' },
              ]}
            />
            <div className="field">
              <label className="field__label" htmlFor="import-file">
                CSV file
              </label>
              <input
                id="import-file"
                className="field__input"
                type="file"
                accept=".csv,text/csv"
                onChange={choose}
              />
            </div>
          </div>
          {readError ? (
            <p className="alert alert--error" role="alert">
              {readError}
            </p>
          ) : null}
          {!mayImport ? <p className="panel__note">Your role may not import {kind}.</p> : null}
        </Panel>
        {chosen ? (
          <Panel title="2. Columns">
            <p className="panel__note">
              {chosen.columns.length} columns in {chosen.file.name}. Each field reads the column chosen for
              it.
            </p>
            <div className="check-list">
              {IMPORT_FIELDS[kind].map((field) => (
                <SelectField
                  key={field}
                  label={humanise(field.replace(/([A-Z])/g, '_$1').toLowerCase())}
                  value={mapping[field] ?? ''}
                  onChange={(e) => {
                    reset();
                    const next = { ...mapping };
                    if (e.target.value) next[field] = e.target.value;
                    else delete next[field];
                    setMapping(next);
                  }}
                  options={[
                    { value: '', label: '— not in the file —' },
                    ...chosen.columns.map((c) => ({ value: c, label: c })),
                  ]}
                />
              ))}
            </div>
            {kind === 'orders' ? (
              <TextField
                label="Source of the customer ids and order numbers"
                hint="A short name such as shop: customer 17 becomes shop:17."
                value={source}
                required
                pattern="[a-z0-9][a-z0-9_\-]{0,49}"
                onChange={(e) => {
                  reset();
                  setSource(e.target.value);
                }}
              />
            ) : null}
            <label className="check">
              <input
                type="checkbox"
                checked={skipBadRows}
                onChange={(e) => setSkipBadRows(e.target.checked)}
              />
              Load the good lines even when some are bad (otherwise nothing is loaded)
            </label>
            <div className="toolbar" style={{ marginTop: 'var(--space-4)' }}>
              <Button
                disabled={!mayImport || busy}
                busy={busy && start.variables === true}
                onClick={() => start.mutate(true)}
              >
                Dry run
              </Button>
              <Button
                variant="primary"
                disabled={!mayImport || busy}
                busy={busy && start.variables === false}
                onClick={() => start.mutate(false)}
              >
                Import
              </Button>
            </div>
            {start.error ? (
              <p className="alert alert--error" role="alert">
                {errorMessage(start.error)}
              </p>
            ) : null}
          </Panel>
        ) : null}
        {run.data ? <RunReport run={run.data} /> : null}
      </div>
    </>
  );
}

/** The permissions each kind of import needs (as the server's kinds authorize). */
const NEEDS: Record<ImportKind, [string, 'create' | 'update'][]> = {
  people: [
    ['people', 'create'],
    ['people', 'update'],
  ],
  interactions: [['interactions', 'create']],
  orders: [['orders', 'create']],
  products: [
    ['products', 'create'],
    ['products', 'update'],
  ],
  accounts: [
    ['accounts', 'create'],
    ['accounts', 'update'],
  ],
};

const errorColumns: Column<ImportRun['errors'][number]>[] = [
  { key: 'line', header: 'Line', nowrap: true, render: (e) => e.line },
  { key: 'field', header: 'Field', nowrap: true, render: (e) => e.field },
  { key: 'reason', header: 'Reason', render: (e) => e.reason },
];

function RunReport({ run }: { run: ImportRun }) {
  const finished = FINISHED.includes(run.state);
  const title = run.dryRun ? '3. Dry run' : '3. Import';
  const counts = Object.entries(run.counts)
    .map(([k, n]) => `${n} ${k.replace(/([A-Z])/g, ' $1').toLowerCase()}`)
    .join(', ');
  return (
    <Panel title={title} testId="import-report">
      <p role="status" aria-live="polite">
        <strong>{humanise(run.state)}</strong>
        {run.total !== null ? ` — ${run.done} of ${run.total} lines` : ` — ${run.done} lines`}
        {run.rowsPerSecond ? `, ${run.rowsPerSecond} lines/s` : ''}
      </p>
      <progress
        className="progress"
        aria-label="Import progress"
        max={run.total ?? 1}
        value={finished ? (run.total ?? 1) : run.done}
      />
      {finished ? (
        <p>
          {run.dryRun ? 'Checked, nothing written. ' : ''}
          {counts ? `${counts}.` : 'No lines.'}
          {run.badRows > 0 ? ` ${run.badRows} bad lines.` : ''}
        </p>
      ) : null}
      {run.error ? (
        <p className="alert alert--error" role="alert">
          {run.error}
        </p>
      ) : null}
      {run.errors.length > 0 ? (
        <>
          <Table
            caption="Lines with errors"
            columns={errorColumns}
            rows={run.errors}
            rowKey={(e) => `${e.line}:${e.field}`}
          />
          {finished ? (
            <p>
              <a className="button button--secondary" href={rejectedUrl(run.id)} download="rejected.csv">
                Download rejected rows
              </a>
            </p>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}
