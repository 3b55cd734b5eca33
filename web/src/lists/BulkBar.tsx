import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { SelectField, TextField } from '../ui/Field';
import { useToast } from '../ui/Toast';
import { type BulkChange, type BulkTarget, type BulkUpdateResult, bulkUpdate } from './list-api';
import type { ListKind } from './list-query';

interface BulkBarProps {
  kind: ListKind;
  /** What the selection is: some rows, or every row the filters match. */
  target: BulkTarget;
  /** "3 selected" or "All matching the filters". */
  summary: string;
  users: readonly { id: string; name: string }[];
  mayUpdate: boolean;
  onExport(): void;
  onClear(): void;
  onDone(): void;
}

type Action = 'owner' | 'tag' | null;

/** Actions on the selected rows: assign an owner, add a tag, export CSV. */
export function BulkBar({
  kind,
  target,
  summary,
  users,
  mayUpdate,
  onExport,
  onClear,
  onDone,
}: BulkBarProps) {
  const toast = useToast();
  const [action, setAction] = useState<Action>(null);
  const apply = useMutation({
    mutationFn: (change: BulkChange) => bulkUpdate(kind, target, change),
    onSuccess: (result: BulkUpdateResult) => {
      setAction(null);
      const refused = result.refused > 0 ? `; ${result.refused} not yours to change` : '';
      toast.show(
        `${result.updated} of ${result.matched} updated${refused}`,
        result.refused > 0 ? 'info' : 'success',
      );
      onDone();
    },
  });
  const close = () => {
    apply.reset();
    setAction(null);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form group
    <div className="bulk-bar" role="group" aria-label="Bulk actions">
      <span className="bulk-bar__count" aria-live="polite">
        {summary}
      </span>
      {mayUpdate ? (
        <>
          <Button size="sm" onClick={() => setAction('owner')}>
            Assign owner
          </Button>
          <Button size="sm" onClick={() => setAction('tag')}>
            Add tag
          </Button>
        </>
      ) : null}
      <Button size="sm" onClick={onExport}>
        Export CSV
      </Button>
      <Button size="sm" variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
      {action === 'owner' ? (
        <OwnerDialog
          users={users}
          busy={apply.isPending}
          error={apply.error ? errorMessage(apply.error) : null}
          onClose={close}
          onApply={(ownerId) => apply.mutate({ ownerId })}
        />
      ) : null}
      {action === 'tag' ? (
        <TagDialog
          busy={apply.isPending}
          error={apply.error ? errorMessage(apply.error) : null}
          onClose={close}
          onApply={(tag) => apply.mutate({ addTags: [tag] })}
        />
      ) : null}
    </div>
  );
}

function OwnerDialog({
  users,
  busy,
  error,
  onClose,
  onApply,
}: {
  users: readonly { id: string; name: string }[];
  busy: boolean;
  error: string | null;
  onClose(): void;
  onApply(ownerId: string | null): void;
}) {
  const [owner, setOwner] = useState(users[0]?.id ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(owner === '' ? null : owner);
  };
  return (
    <Dialog open title="Assign owner" onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <SelectField
          label="New owner"
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          options={[...users.map((u) => ({ value: u.id, label: u.name })), { value: '', label: 'No owner' }]}
          error={error}
        />
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Assign
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function TagDialog({
  busy,
  error,
  onClose,
  onApply,
}: {
  busy: boolean;
  error: string | null;
  onClose(): void;
  onApply(tag: string): void;
}) {
  const [tag, setTag] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (tag.trim()) onApply(tag.trim());
  };
  return (
    <Dialog open title="Add tag" onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <TextField
          label="Tag"
          required
          maxLength={50}
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          hint="Lower-case; added where missing."
          error={error}
        />
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Add tag
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
