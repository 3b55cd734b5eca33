import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { TextField } from '../ui/Field';

interface RenameDialogProps {
  /** "Rename team North". */
  title: string;
  label: string;
  current: string;
  hint?: string;
  pattern?: string;
  maxLength: number;
  onClose(): void;
  /** Saves the new name; a rejection (a name in use: 409) is shown under the field. */
  onSave(name: string): Promise<void>;
}

/** A dialog with one name field, for renaming a team or a role. */
export function RenameDialog({
  title,
  label,
  current,
  hint,
  pattern,
  maxLength,
  onClose,
  onSave,
}: RenameDialogProps) {
  const [name, setName] = useState(current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    if (trimmed === current) return onClose();
    setBusy(true);
    setError(null);
    try {
      await onSave(trimmed);
      onClose();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };
  return (
    <Dialog open title={title} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <TextField
          label={label}
          required
          autoFocus
          maxLength={maxLength}
          pattern={pattern}
          hint={hint}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={error}
        />
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Rename
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
