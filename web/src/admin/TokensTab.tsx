import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../customers/format';
import { errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { Panel } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { type Column, Table } from '../ui/Table';
import { useToast } from '../ui/Toast';
import { adminKeys, createToken, fetchTokens, fetchUsers, revokeToken, type Token } from './admin-api';

export function TokensTab({ mayCreate }: { mayCreate: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const tokens = useQuery({ queryKey: adminKeys.tokens, queryFn: ({ signal }) => fetchTokens(signal) });
  const users = useQuery({ queryKey: adminKeys.users, queryFn: ({ signal }) => fetchUsers(signal) });
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation({
    mutationFn: () => createToken(name.trim()),
    onSuccess: async (token) => {
      setSecret({ name: name.trim(), token });
      setName('');
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
    },
  });
  const revoke = useMutation({
    mutationFn: (t: Token) => revokeToken(t.id),
    onSuccess: async (_r, t) => {
      toast.show(`Token ${t.name} revoked`);
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
    },
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const columns: Column<Token>[] = [
    { key: 'name', header: 'Name', render: (t) => t.name },
    {
      key: 'user',
      header: 'Acts as',
      render: (t) => users.data?.find((u) => u.id === t.userId)?.name ?? t.userId,
    },
    { key: 'created', header: 'Created', nowrap: true, render: (t) => formatDateTime(t.createdAt) },
    { key: 'used', header: 'Last used', nowrap: true, render: (t) => formatDateTime(t.lastUsedAt) },
    {
      key: 'state',
      header: 'State',
      nowrap: true,
      render: (t) => (t.revokedAt ? <Badge>Revoked</Badge> : <Badge tone="success">Active</Badge>),
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'end',
      nowrap: true,
      render: (t) =>
        t.revokedAt ? null : (
          <Button size="sm" variant="danger" aria-label={`Revoke ${t.name}`} onClick={() => revoke.mutate(t)}>
            Revoke
          </Button>
        ),
    },
  ];
  return (
    <div className="stack">
      {mayCreate ? (
        <form className="toolbar" onSubmit={submit} aria-label="Create an API token">
          <TextField
            label="New token name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={create.error ? errorMessage(create.error) : null}
          />
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create token
          </Button>
        </form>
      ) : null}
      {secret ? (
        <Panel title={`Token ${secret.name}`} testId="new-token">
          <p>Copy it now: it is shown only once.</p>
          <code className="secret">{secret.token}</code>
          <div className="toolbar" style={{ marginTop: 'var(--space-3)' }}>
            <Button
              onClick={() =>
                void navigator.clipboard?.writeText(secret.token).then(() => toast.show('Token copied'))
              }
            >
              Copy
            </Button>
            <Button variant="ghost" onClick={() => setSecret(null)}>
              Done
            </Button>
          </div>
        </Panel>
      ) : null}
      {tokens.isPending ? (
        <Spinner label="Loading tokens…" />
      ) : (
        <Table
          caption="API tokens"
          columns={columns}
          rows={tokens.data ?? []}
          rowKey={(t) => t.id}
          empty="No tokens."
        />
      )}
    </div>
  );
}
