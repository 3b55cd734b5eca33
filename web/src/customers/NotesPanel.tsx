import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { TextAreaField } from '../ui/Field';
import { Panel, PanelEmpty } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { useToast } from '../ui/Toast';
import { addNote, customerKeys, notesQuery } from './customer-api';
import { formatDateTime } from './format';

export function NotesPanel({
  personId,
  canAdd,
  users,
}: {
  personId: string;
  canAdd: boolean;
  users: Map<string, string>;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [text, setText] = useState('');
  const notes = useQuery(notesQuery(personId));
  const add = useMutation({
    mutationFn: () => addNote(personId, text.trim()),
    onSuccess: async () => {
      setText('');
      toast.show('Note added');
      await queryClient.invalidateQueries({ queryKey: customerKeys.notes(personId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() && !add.isPending) add.mutate();
  };

  return (
    <Panel title="Notes" testId="notes">
      {canAdd ? (
        <form className="form form--compact" onSubmit={submit}>
          <TextAreaField
            label="New note"
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={20_000}
            rows={3}
            error={add.isError ? errorMessage(add.error) : null}
          />
          <div className="form__actions">
            <Button type="submit" variant="primary" size="sm" disabled={!text.trim()} busy={add.isPending}>
              Add note
            </Button>
          </div>
        </form>
      ) : null}
      {notes.isPending ? <Spinner label="Loading notes…" /> : null}
      {notes.isError ? (
        <p className="panel__empty">Notes are not available: {errorMessage(notes.error)}</p>
      ) : null}
      {notes.data?.length === 0 ? <PanelEmpty>No notes yet.</PanelEmpty> : null}
      {notes.data && notes.data.length > 0 ? (
        <ul className="item-list">
          {notes.data.map((note) => (
            <li key={note.id} className="item-list__row item-list__row--stack">
              <p className="note__body">{note.body}</p>
              <p className="item-list__meta">
                {(note.authorId && users.get(note.authorId)) || 'Someone'} · {formatDateTime(note.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Panel>
  );
}
