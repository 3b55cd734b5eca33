import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Grants, Level, ObjectType } from '../auth/permissions';
import { humanise } from '../customers/format';
import { errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { Panel } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { useToast } from '../ui/Toast';
import { adminKeys, createRole, fetchRoles, type Role, renameRole, saveGrants } from './admin-api';
import { ACTIONS, grantChanges, LEVELS, levelIn, objectTypes, setLevel } from './grants';
import { RenameDialog } from './RenameDialog';

const ROLE_PATTERN = '[a-z][a-z0-9_\\-]{0,62}';
const ROLE_HINT = 'Lower-case letters, digits, - and _';

export function RolesTab({ mayEdit, mayCreate }: { mayEdit: boolean; mayCreate: boolean }) {
  const roles = useQuery({ queryKey: adminKeys.roles, queryFn: ({ signal }) => fetchRoles(signal) });
  const [selected, setSelected] = useState<string | null>(null);
  if (roles.isPending) return <Spinner label="Loading roles…" />;
  if (roles.isError) return <p className="alert alert--error">{errorMessage(roles.error)}</p>;
  const role = roles.data.find((r) => r.id === selected) ?? roles.data[0];
  const types = objectTypes(roles.data);
  return (
    <div className="stack">
      <div className="toolbar">
        <SelectField
          label="Role"
          value={role?.id ?? ''}
          onChange={(e) => setSelected(e.target.value)}
          options={roles.data.map((r) => ({
            value: r.id,
            label: r.builtIn ? `${r.name} (built in)` : r.name,
          }))}
        />
        {mayCreate ? <NewRole onCreated={setSelected} /> : null}
      </div>
      {role ? (
        <GrantsMatrix key={role.id} role={role} types={types} mayEdit={mayEdit && !role.builtIn} />
      ) : null}
    </div>
  );
}

function GrantsMatrix({ role, types, mayEdit }: { role: Role; types: ObjectType[]; mayEdit: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [grants, setGrants] = useState<Grants>(role.grants);
  const [renaming, setRenaming] = useState(false);
  const changes = grantChanges(role.grants, grants, types);
  const save = useMutation({
    mutationFn: () => saveGrants(role.id, grants),
    onSuccess: async () => {
      toast.show(`Grants of ${role.name} saved`);
      await queryClient.invalidateQueries({ queryKey: adminKeys.roles });
    },
  });
  return (
    <Panel
      title={`Grants of ${role.name}`}
      actions={
        role.builtIn ? (
          <Badge>Built in: read-only</Badge>
        ) : (
          <>
            <Badge tone="info">Custom role</Badge>
            {mayEdit ? (
              <Button size="sm" aria-label={`Rename role ${role.name}`} onClick={() => setRenaming(true)}>
                Rename
              </Button>
            ) : null}
          </>
        )
      }
    >
      {renaming ? (
        <RenameDialog
          title={`Rename role ${role.name}`}
          label="Role name"
          current={role.name}
          maxLength={63}
          pattern={ROLE_PATTERN}
          hint={`${ROLE_HINT}. Users with the role keep it.`}
          onClose={() => setRenaming(false)}
          onSave={async (name) => {
            await renameRole(role.id, name);
            toast.show(`Role ${role.name} renamed to ${name}`);
            await queryClient.invalidateQueries({ queryKey: adminKeys.roles });
            await queryClient.invalidateQueries({ queryKey: adminKeys.users });
          }}
        />
      ) : null}
      {role.description ? <p className="panel__note">{role.description}</p> : null}
      <div className="table-wrap">
        <table className="table table--compact grants">
          <caption className="visually-hidden">Level per object type and action</caption>
          <thead>
            <tr>
              <th scope="col">Records</th>
              {ACTIONS.map((a) => (
                <th key={a} scope="col">
                  {humanise(a)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {types.map((type) => (
              <tr key={type}>
                <th scope="row">{humanise(type)}</th>
                {ACTIONS.map((action) => (
                  <td key={action}>
                    {mayEdit ? (
                      <select
                        aria-label={`${humanise(type)}: ${action}`}
                        value={levelIn(grants, type, action)}
                        onChange={(e) => setGrants(setLevel(grants, type, action, e.target.value as Level))}
                      >
                        {LEVELS.map((l) => (
                          <option key={l} value={l}>
                            {l}
                          </option>
                        ))}
                      </select>
                    ) : (
                      levelIn(grants, type, action)
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mayEdit ? (
        <div className="toolbar" style={{ marginTop: 'var(--space-4)' }}>
          <Button
            variant="primary"
            disabled={changes.length === 0}
            busy={save.isPending}
            onClick={() => save.mutate()}
          >
            Save grants
          </Button>
          <Button variant="ghost" disabled={changes.length === 0} onClick={() => setGrants(role.grants)}>
            Undo changes
          </Button>
          <span className="muted" aria-live="polite">
            {changes.length > 0 ? `${changes.length} unsaved: ${changes.slice(0, 3).join(', ')}` : ''}
          </span>
        </div>
      ) : null}
      {save.error ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
    </Panel>
  );
}

function NewRole({ onCreated }: { onCreated(id: string): void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => createRole({ name: name.trim(), description: '', grants: {} }),
    onSuccess: async () => {
      const roles = await queryClient.fetchQuery({
        queryKey: adminKeys.roles,
        queryFn: () => fetchRoles(),
        staleTime: 0,
      });
      const made = roles.find((r) => r.name === name.trim());
      setName('');
      if (made) onCreated(made.id);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="toolbar" onSubmit={submit} aria-label="Create a custom role" style={{ margin: 0 }}>
      <TextField
        label="New custom role"
        required
        pattern={ROLE_PATTERN}
        hint={ROLE_HINT}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={create.error ? errorMessage(create.error) : null}
      />
      <Button type="submit" busy={create.isPending}>
        Create role
      </Button>
    </form>
  );
}
