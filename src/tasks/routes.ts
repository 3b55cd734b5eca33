import { Type } from 'typebox';
import { actorOf, type Api, IdParams, type RouteDeps, Uuid } from '../platform/index';
import { addNote, listNotes } from './notes';
import { NOTE_OBJECTS, TASK_KINDS } from './tables';
import { createTask, listTasks, updateTask } from './tasks';

const Strict = { additionalProperties: false } as const;
const Time = Type.String({ format: 'date-time' });
const NoteObject = Type.Union(NOTE_OBJECTS.map((o) => Type.Literal(o)));

export function registerTaskRoutes(app: Api, { db }: RouteDeps): void {
  app.post(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'Schedule a call-back, follow-up or to-do; assigned to the caller unless assigneeId is given',
        body: Type.Object(
          {
            kind: Type.Optional(Type.Union(TASK_KINDS.map((k) => Type.Literal(k)))),
            title: Type.String({ minLength: 1, maxLength: 300 }),
            details: Type.Optional(Type.String({ maxLength: 10_000 })),
            dueAt: Time,
            assigneeId: Type.Optional(Uuid),
            personId: Type.Optional(Uuid),
            accountId: Type.Optional(Uuid),
          },
          Strict,
        ),
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
        querystring: Type.Object(
          {
            view: Type.Optional(Type.Union(['overdue', 'today', 'open', 'done'].map((v) => Type.Literal(v)))),
            assigneeId: Type.Optional(Uuid),
            personId: Type.Optional(Uuid),
            timeZone: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          Strict,
        ),
      },
    },
    async (request) => ({
      items: await listTasks(db, actorOf(request), {
        ...request.query,
        view: request.query.view as 'overdue' | 'today' | 'open' | 'done' | undefined,
      }),
    }),
  );
  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Change a task, or tick it off with {"done": true}',
        params: IdParams,
        body: Type.Object(
          {
            title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            details: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
            dueAt: Type.Optional(Time),
            assigneeId: Type.Optional(Uuid),
            done: Type.Optional(Type.Boolean()),
          },
          Strict,
        ),
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
        body: Type.Object(
          { objectType: NoteObject, objectId: Uuid, body: Type.String({ minLength: 1, maxLength: 20_000 }) },
          Strict,
        ),
      },
    },
    async (request, reply) => reply.code(201).send(await addNote(db, actorOf(request), request.body)),
  );
  app.get(
    '/api/notes',
    {
      schema: {
        tags: ['tasks'],
        querystring: Type.Object(
          {
            objectType: NoteObject,
            objectId: Uuid,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          Strict,
        ),
      },
    },
    async (request) => ({ items: await listNotes(db, actorOf(request), request.query) }),
  );
}
