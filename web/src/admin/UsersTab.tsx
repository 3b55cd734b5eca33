import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { Panel } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { type Column, Table } from '../ui/Table';
import { useToast } from '../ui/Toast';
import {
  type AdminUser,
  adminKeys,
  createResetLink,
  createUser,
  fetchRoles,
  fetchTeams,
  fetchUsers,
  type ResetLink,
  updateUser,
} from './admin-api';
import { ResetLinkDialog } from './ResetLinkDialog';

export function UsersTab({ mayCreate, mayUpdate }: { mayCreate: boolean; mayUpdate: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const users = useQuery({ queryKey: adminKeys.users, queryFn: ({ signal }) => fetchUsers(signal) });
  const teams = useQuery({ queryKey: adminKeys.teams, queryFn: ({ signal }) => fetchTeams(signal) });
  const roles = useQuery({ queryKey: adminKeys.roles, queryFn: ({ signal }) => fetchRoles(signal) });
  const update = useMutation({
    mutationFn: ({ user, change }: { user: AdminUser; change: Parameters<typeof updateUser>[1] }) =>
      updateUser(user.id, change),
    onSuccess: async (_r, { user }) => {
      toast.show(`${user.name} updated`);
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
    },
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });
  const [link, setLink] = useState<{ user: AdminUser; link: ResetLink } | null>(null);
  const reset = useMutation({
    mutationFn: (user: AdminUser) => createResetLink(user.id),
    onSuccess: (made, user) => setLink({ user, link: made }),
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });
  const roleOptions = (roles.data ?? []).map((r) => ({ value: r.name, label: r.name }));
  const teamOptions = [
    { value: '', label: 'No team' },
    ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
  ];

  const columns: Column<AdminUser>[] = [
    { key: 'name', header: 'Name', render: (u) => u.name },
    { key: 'email', header: 'Email', render: (u) => u.email },
    {
      key: 'role',
      header: 'Role',
      render: (u) =>
        mayUpdate ? (
          <SelectField
            label={`Role of ${u.name}`}
            fieldClassName="field--inline visually-hidden-label"
            value={u.role}
            options={
              roleOptions.some((o) => o.value === u.role)
                ? roleOptions
                : [{ value: u.role, label: u.role }, ...roleOptions]
            }
            onChange={(e) => update.mutate({ user: u, change: { role: e.target.value } })}
          />
        ) : (
          u.role
        ),
    },
    {
      key: 'team',
      header: 'Team',
      render: (u) =>
        mayUpdate ? (
          <SelectField
            label={`Team of ${u.name}`}
            fieldClassName="field--inline visually-hidden-label"
            value={u.teamId ?? ''}
            options={teamOptions}
            onChange={(e) => update.mutate({ user: u, change: { teamId: e.target.value || null } })}
          />
        ) : (
          (teams.data?.find((t) => t.id === u.teamId)?.name ?? '—')
        ),
    },
    {
      key: 'status',
      header: 'Status',
      nowrap: true,
      render: (u) => (u.active ? <Badge tone="success">Active</Badge> : <Badge>Deactivated</Badge>),
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'end',
      nowrap: true,
      render: (u) =>
        mayUpdate ? (
          <span>
            {u.active ? (
              <Button
                size="sm"
                aria-label={`Password reset link for ${u.name}`}
                busy={reset.isPending && reset.variables?.id === u.id}
                onClick={() => reset.mutate(u)}
              >
                Reset link
              </Button>
            ) : null}{' '}
            <Button
              size="sm"
              variant={u.active ? 'danger' : 'secondary'}
              aria-label={u.active ? 'Deactivate' : 'Reactivate'}
              onClick={() => update.mutate({ user: u, change: { active: !u.active } })}
            >
              {u.active ? 'Deactivate' : 'Reactivate'}
            </Button>
          </span>
        ) : null,
    },
  ];

  return (
    <div className="stack">
      {mayCreate ? <NewUser roles={roleOptions} teams={teamOptions} /> : null}
      {users.isPending ? (
        <Spinner label="Loading users…" />
      ) : (
        <Table caption="Users" columns={columns} rows={users.data ?? []} rowKey={(u) => u.id} />
      )}
      {link ? <ResetLinkDialog name={link.user.name} link={link.link} onClose={() => setLink(null)} /> : null}
    </div>
  );
}

function NewUser({
  roles,
  teams,
}: {
  roles: { value: string; label: string }[];
  teams: { value: string; label: string }[];
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('sales');
  const [teamId, setTeamId] = useState('');
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: () => createUser({ email, name, role, teamId: teamId || null, password }),
    onSuccess: async () => {
      toast.show(`${name || email} added`);
      setEmail('');
      setName('');
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Panel title="Add a user">
      <form className="toolbar" onSubmit={submit} aria-label="Add a user">
        <TextField
          label="Email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value)} options={roles} />
        <SelectField
          label="Team"
          value={teamId}
          onChange={(e) => setTeamId(e.target.value)}
          options={teams}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="Optional: without one the user cannot log in yet."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={create.isPending}>
          Add user
        </Button>
      </form>
      {create.error ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
    </Panel>
  );
}
