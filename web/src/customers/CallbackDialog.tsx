import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../ui/Field';
import { useToast } from '../ui/Toast';
import { customerKeys, fetchUsers } from './customer-api';
import { defaultCallbackTime, toLocalInput } from './format';

interface Props {
  open: boolean;
  personId: string;
  personName: string;
  me: { id: string; name: string };
  onClose(): void;
}

/** Schedule a call-back: a task with a due time and an assignee (me by default). */
export function CallbackDialog({ open, onClose, ...rest }: Props) {
  return (
    <Dialog open={open} title="Schedule a call-back" onClose={onClose}>
      {open ? <CallbackForm {...rest} onDone={onClose} /> : null}
    </Dialog>
  );
}

function CallbackForm({
  personId,
  personName,
  me,
  onDone,
}: Omit<Props, 'open' | 'onClose'> & { onDone(): void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [title, setTitle] = useState(`Call back ${personName}`);
  const [due, setDue] = useState(() => toLocalInput(defaultCallbackTime(new Date())));
  const [assigneeId, setAssigneeId] = useState(me.id);
  const [details, setDetails] = useState('');
  const users = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => fetchUsers(signal),
    staleTime: 300_000,
  });
  const options = [
    { value: me.id, label: `${me.name} (me)` },
    ...(users.data ?? []).filter((u) => u.id !== me.id).map((u) => ({ value: u.id, label: u.name })),
  ];

  const save = useMutation({
    mutationFn: async () => {
      const dueAt = new Date(due);
      if (Number.isNaN(dueAt.getTime())) throw new Error('Choose a date and time for the call-back.');
      await api.post('/api/tasks', {
        kind: 'call_back',
        title: title.trim(),
        dueAt: dueAt.toISOString(),
        assigneeId,
        personId,
        ...(details.trim() ? { details: details.trim() } : {}),
      });
    },
    onSuccess: async () => {
      toast.show('Call-back scheduled');
      onDone();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.c360(personId) }),
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      ]);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };

  return (
    <form className="form" onSubmit={submit}>
      {save.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <TextField
        label="Title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        required
        maxLength={300}
        autoFocus
      />
      <div className="form-row">
        <TextField
          label="Due"
          type="datetime-local"
          value={due}
          onChange={(e) => setDue(e.target.value)}
          required
        />
        <SelectField
          label="Assignee"
          value={assigneeId}
          onChange={(e) => setAssigneeId(e.target.value)}
          options={options}
        />
      </div>
      <TextAreaField
        label="Details"
        value={details}
        onChange={(e) => setDetails(e.target.value)}
        maxLength={10_000}
      />
      <DialogActions>
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          Schedule
        </Button>
      </DialogActions>
    </form>
  );
}
