import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { TextField } from '../ui/Field';
import { useToast } from '../ui/Toast';
import { changePassword } from './api';
import { NewPasswordFields } from './NewPasswordFields';
import { newPasswordProblem } from './password-rules';

type Field = 'currentPassword' | 'newPassword' | 'repeat';

/** "Change password" in the user menu: a dialog asking for the current password and a new one. */
export function ChangePasswordButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        Change password
      </Button>
      {open ? <ChangePasswordDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: Field | null; message: string } | null>(null);
  const errorOf = (field: Field) => (error?.field === field ? error.message : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(next, repeat);
    if (problem)
      return setError({
        field: problem.field === 'password' ? 'newPassword' : 'repeat',
        message: problem.message,
      });
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      toast.show('Password changed; your other sessions have ended');
      onClose();
    } catch (caught) {
      const field = caught instanceof ApiError ? caught.field : undefined;
      setError({
        field: field === 'currentPassword' || field === 'newPassword' ? field : null,
        message: errorMessage(caught),
      });
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title="Change your password"
      onClose={onClose}
      description="Your other sessions (other browsers and devices) end; this one stays."
    >
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        {error && error.field === null ? (
          <p className="alert alert--error" role="alert">
            {error.message}
          </p>
        ) : null}
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errorOf('currentPassword')}
        />
        <NewPasswordFields
          password={next}
          repeat={repeat}
          onPassword={setNext}
          onRepeat={setRepeat}
          passwordError={errorOf('newPassword')}
          repeatError={errorOf('repeat')}
        />
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Change password
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
