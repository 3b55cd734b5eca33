import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { SelectField, TextField } from '../ui/Field';
import { useToast } from '../ui/Toast';
import type { ListColumn } from './columns';
import { deleteView, fetchViews, listKeys, type SavedView, saveView } from './list-api';
import type { ListKind, ListState } from './list-query';

interface ViewControlsProps {
  kind: ListKind;
  state: ListState;
  viewId: string | null;
  /** Show a saved view (null: back to the plain list). */
  onOpen(view: SavedView | null): void;
}

/** Saved views: pick one, save the current filters, sort and columns as one, delete your own. */
export function ViewControls({ kind, state, viewId, onOpen }: ViewControlsProps) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const views = useQuery({
    queryKey: listKeys.views(kind),
    queryFn: ({ signal }) => fetchViews(kind, signal),
  });
  const [saving, setSaving] = useState(false);
  const current = views.data?.find((v) => v.id === viewId) ?? null;
  const remove = useMutation({
    mutationFn: (id: string) => deleteView(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: listKeys.views(kind) });
      toast.show('View deleted');
      onOpen(null);
    },
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });

  return (
    <>
      <SelectField
        label="View"
        value={current?.id ?? ''}
        onChange={(e) => onOpen(views.data?.find((v) => v.id === e.target.value) ?? null)}
        options={[
          { value: '', label: kind === 'people' ? 'All people' : 'All accounts' },
          ...(views.data ?? []).map((v) => ({
            value: v.id,
            label: v.shared && !v.mine ? `${v.name} (shared)` : v.name,
          })),
        ]}
      />
      <Button onClick={() => setSaving(true)}>Save view</Button>
      {current?.mine ? (
        <Button variant="ghost" busy={remove.isPending} onClick={() => remove.mutate(current.id)}>
          Delete view
        </Button>
      ) : null}
      <SaveViewDialog
        open={saving}
        kind={kind}
        state={state}
        onClose={() => setSaving(false)}
        onSaved={async (id) => {
          setSaving(false);
          const list = await queryClient.fetchQuery({
            queryKey: listKeys.views(kind),
            queryFn: ({ signal }) => fetchViews(kind, signal),
            staleTime: 0,
          });
          onOpen(list.find((v) => v.id === id) ?? null);
        }}
      />
    </>
  );
}

function SaveViewDialog({
  open,
  kind,
  state,
  onClose,
  onSaved,
}: {
  open: boolean;
  kind: ListKind;
  state: ListState;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const toast = useToast();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const save = useMutation({
    mutationFn: () => saveView(kind, { name, shared, state }),
    onSuccess: (id) => {
      toast.show(`View “${name}” saved`);
      setName('');
      onSaved(id);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Dialog
      open={open}
      title="Save view"
      onClose={onClose}
      description="The filters, sort order and columns."
    >
      <form className="form" onSubmit={submit}>
        <TextField
          label="Name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={save.error ? errorMessage(save.error) : null}
        />
        <label className="check">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          Share with the workspace
        </label>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Choose the columns to show (in the order listed). */
export function ColumnsDialog({
  open,
  all,
  shown,
  onClose,
  onApply,
}: {
  open: boolean;
  all: readonly ListColumn[];
  shown: readonly ListColumn[];
  onClose(): void;
  onApply(ids: string[]): void;
}) {
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(shown.map((c) => c.id)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(all.filter((c) => chosen.has(c.id)).map((c) => c.id));
  };
  return (
    <Dialog open={open} title="Columns" onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <fieldset className="check-list">
          <legend className="visually-hidden">Columns to show</legend>
          {all.map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={chosen.has(c.id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(c.id);
                  else next.delete(c.id);
                  setChosen(next);
                }}
              />
              {c.label}
            </label>
          ))}
        </fieldset>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={chosen.size === 0}>
            Apply
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
