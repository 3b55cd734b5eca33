import { actorOf, type Api, IdParams, type RouteDeps } from '../platform/index';
import { addNote, listNotes } from './notes';
import {
  Note,
  NoteCreate,
  Notes,
  NotesQuery,
  Task,
  TaskCreate,
  Tasks,
  TasksQuery,
  TaskUpdate,
} from './schema';
import { createTask, listTasks, updateTask } from './tasks';

export function registerTaskRoutes(app: Api, { db }: RouteDeps): void {
  app.post(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'Schedule a call-back, follow-up or to-do; assigned to the caller unless assigneeId is given',
        body: TaskCreate,
        response: { 201: Task },
      },
    },
    async (request, reply) => reply.code(201).send(await createTask(db, actorOf(request), request.body)),
  );
  app.get(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'My day: view=overdue|today|open|done for an assignee (the caller by default) or a person',
        querystring: TasksQuery,
        response: { 200: Tasks },
      },
    },
    async (request) => ({ items: await listTasks(db, actorOf(request), request.query) }),
  );
  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Change a task, or tick it off with {"done": true}',
        params: IdParams,
        body: TaskUpdate,
        response: { 200: Task },
      },
    },
    async (request) => updateTask(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/notes',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Add a note to a person, account, order, task or interaction',
        body: NoteCreate,
        response: { 201: Note },
      },
    },
    async (request, reply) => reply.code(201).send(await addNote(db, actorOf(request), request.body)),
  );
  app.get(
    '/api/notes',
    {
      schema: {
        tags: ['tasks'],
        summary: 'The notes of a person, account, order, task or interaction, newest first',
        querystring: NotesQuery,
        response: { 200: Notes },
      },
    },
    async (request) => ({ items: await listNotes(db, actorOf(request), request.query) }),
  );
}
