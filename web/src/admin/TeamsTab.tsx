import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { Spinner } from '../ui/Spinner';
import { Table } from '../ui/Table';
import { useToast } from '../ui/Toast';
import { adminKeys, createTeam, fetchTeams, fetchUsers, renameTeam, type Team } from './admin-api';
import { RenameDialog } from './RenameDialog';

export function TeamsTab({ mayCreate, mayUpdate }: { mayCreate: boolean; mayUpdate: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const teams = useQuery({ queryKey: adminKeys.teams, queryFn: ({ signal }) => fetchTeams(signal) });
  const users = useQuery({ queryKey: adminKeys.users, queryFn: ({ signal }) => fetchUsers(signal) });
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<Team | null>(null);
  const create = useMutation({
    mutationFn: () => createTeam(name.trim()),
    onSuccess: async () => {
      toast.show(`Team ${name} added`);
      setName('');
      await queryClient.invalidateQueries({ queryKey: adminKeys.teams });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <div className="stack">
      {mayCreate ? (
        <form className="toolbar" onSubmit={submit} aria-label="Add a team">
          <TextField
            label="New team"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={create.error ? errorMessage(create.error) : null}
          />
          <Button type="submit" variant="primary" busy={create.isPending}>
            Add team
          </Button>
        </form>
      ) : null}
      {teams.isPending ? (
        <Spinner label="Loading teams…" />
      ) : (
        <Table
          caption="Teams"
          columns={[
            { key: 'name', header: 'Team', render: (t) => t.name },
            {
              key: 'members',
              header: 'Members',
              render: (t) =>
                (users.data ?? [])
                  .filter((u) => u.teamId === t.id)
                  .map((u) => u.name)
                  .join(', ') || '—',
            },
            ...(mayUpdate
              ? [
                  {
                    key: 'actions',
                    header: 'Actions',
                    align: 'end' as const,
                    nowrap: true,
                    render: (t: Team) => (
                      <Button size="sm" aria-label={`Rename ${t.name}`} onClick={() => setRenaming(t)}>
                        Rename
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
          rows={teams.data ?? []}
          rowKey={(t) => t.id}
          empty="No teams yet."
        />
      )}
      {renaming ? (
        <RenameDialog
          title={`Rename team ${renaming.name}`}
          label="Team name"
          current={renaming.name}
          maxLength={200}
          onClose={() => setRenaming(null)}
          onSave={async (newName) => {
            await renameTeam(renaming.id, newName);
            toast.show(`Team ${renaming.name} renamed to ${newName}`);
            await queryClient.invalidateQueries({ queryKey: adminKeys.teams });
          }}
        />
      ) : null}
    </div>
  );
}
