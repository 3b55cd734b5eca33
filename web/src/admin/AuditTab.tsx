import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime, humanise } from '../customers/format';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { SelectField } from '../ui/Field';
import { Spinner } from '../ui/Spinner';
import { type Column, Table } from '../ui/Table';
import { type AuditFilters, type AuditRecord, adminKeys, fetchAudit, fetchUsers } from './admin-api';

const OBJECT_TYPES = [
  'people',
  'accounts',
  'interactions',
  'tasks',
  'notes',
  'users',
  'teams',
  'roles',
  'api_tokens',
  'password_resets',
  'saved_view',
];

/** The workspace audit log, newest first, filtered by record type, action and who; older entries on demand. */
export function AuditTab() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const users = useQuery({ queryKey: adminKeys.users, queryFn: ({ signal }) => fetchUsers(signal) });
  const log = useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    queryFn: ({ pageParam, signal }) => fetchAudit(filters, pageParam, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const userName = (id: string | null) =>
    id ? (users.data?.find((u) => u.id === id)?.name ?? id) : 'System';
  const set = (key: keyof AuditFilters, value: string) =>
    setFilters({ ...filters, [key]: value || undefined });

  const columns: Column<AuditRecord>[] = [
    { key: 'at', header: 'When', nowrap: true, render: (a) => formatDateTime(a.at) },
    {
      key: 'who',
      header: 'Who',
      render: (a) => `${userName(a.actorUserId)}${a.actorKind === 'token' ? ' (API token)' : ''}`,
    },
    { key: 'action', header: 'Action', nowrap: true, render: (a) => humanise(a.action) },
    { key: 'type', header: 'Record', nowrap: true, render: (a) => humanise(a.objectType) },
    { key: 'id', header: 'Id', render: (a) => <code>{a.objectId.slice(0, 8)}</code> },
    { key: 'changes', header: 'Changes', render: (a) => summarise(a.changes) },
  ];
  return (
    <div className="stack">
      <form className="toolbar" aria-label="Audit log filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Record type"
          value={filters.objectType ?? ''}
          onChange={(e) => set('objectType', e.target.value)}
          options={[
            { value: '', label: 'Any' },
            ...OBJECT_TYPES.map((t) => ({ value: t, label: humanise(t) })),
          ]}
        />
        <SelectField
          label="Action"
          value={filters.action ?? ''}
          onChange={(e) => set('action', e.target.value)}
          options={[
            { value: '', label: 'Any' },
            ...['create', 'update', 'delete', 'merge'].map((a) => ({ value: a, label: humanise(a) })),
          ]}
        />
        <SelectField
          label="Who"
          value={filters.actorUserId ?? ''}
          onChange={(e) => set('actorUserId', e.target.value)}
          options={[
            { value: '', label: 'Anyone' },
            ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
          ]}
        />
      </form>
      {log.isPending ? (
        <Spinner label="Loading the audit log…" />
      ) : log.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(log.error)}
        </p>
      ) : (
        <Table
          caption="Audit log"
          captionHidden
          columns={columns}
          rows={rows}
          rowKey={(a) => String(a.id)}
          empty="No entries."
        />
      )}
      {log.hasNextPage ? (
        <Button busy={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          Older entries
        </Button>
      ) : null}
    </div>
  );
}

/** "name: Ann → Anne; role: sales" — at most four fields. */
function summarise(changes: AuditRecord['changes']): string {
  const show = (v: unknown) =>
    v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const parts = Object.entries(changes).map(([field, { before, after }]) =>
    before === null || before === undefined
      ? `${field}: ${show(after)}`
      : `${field}: ${show(before)} → ${show(after)}`,
  );
  return parts.length > 4 ? `${parts.slice(0, 4).join('; ')}; …` : parts.join('; ');
}
