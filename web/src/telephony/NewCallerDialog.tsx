import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useRouter } from '../app/router';
import { paths } from '../app/routes';
import { createPerson } from '../customers/customer-api';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { TextField } from '../ui/Field';
import { useToast } from '../ui/Toast';

/** Create the customer for an unknown caller, the number already filled in. */
export function NewCallerDialog({ phone, onClose }: { phone: string | null; onClose(): void }) {
  return (
    <Dialog
      open={phone !== null}
      title="New caller"
      onClose={onClose}
      description="Add the caller as a customer."
    >
      {phone !== null ? <NewCallerForm phone={phone} onDone={onClose} /> : null}
    </Dialog>
  );
}

function NewCallerForm({ phone, onDone }: { phone: string; onDone(): void }) {
  const { navigate } = useRouter();
  const toast = useToast();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [number, setNumber] = useState(phone);
  const [email, setEmail] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const displayName = [firstName.trim(), lastName.trim()].filter(Boolean).join(' ');
      return createPerson({
        displayName: displayName || number.trim(),
        ...(firstName.trim() ? { firstName: firstName.trim() } : {}),
        ...(lastName.trim() ? { lastName: lastName.trim() } : {}),
        phones: number.trim() ? [number.trim()] : [],
        emails: email.trim() ? [email.trim()] : [],
      });
    },
    onSuccess: (id) => {
      toast.show('Customer created');
      onDone();
      navigate(paths.customer(id));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  return (
    <form className="form" onSubmit={submit}>
      {create.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
      <div className="form-row">
        <TextField
          label="First name"
          value={firstName}
          onChange={(e) => setFirstName(e.target.value)}
          autoFocus
        />
        <TextField label="Last name" value={lastName} onChange={(e) => setLastName(e.target.value)} />
      </div>
      <TextField
        label="Phone"
        type="tel"
        value={number}
        onChange={(e) => setNumber(e.target.value)}
        required
      />
      <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <DialogActions>
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create customer
        </Button>
      </DialogActions>
    </form>
  );
}
