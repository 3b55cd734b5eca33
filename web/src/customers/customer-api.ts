/**
 * The customer page's calls to the API. The shapes are the server's (types from src/), so a field
 * the server renames or drops fails the web app's build.
 */
import type { QueryClient } from '@tanstack/react-query';
import type {
  ConsentInput,
  Customer360,
  Person,
  PersonCreate,
  PersonUpdate,
} from '../../../src/customers/index';
import type {
  NewInteraction,
  RecordedInteraction,
  TimelinePage,
  TimelineQuery,
} from '../../../src/interactions/index';
import type { Items, User } from '../../../src/platform/index';
import type { Note, NoteCreate } from '../../../src/tasks/index';
import { api, apiGetFollowing } from '../lib/api';

export type { Customer360 };
/** One of the 360's open tasks. */
export type OpenTask = Customer360['openTasks'][number];

/**
 * The customer 360. A merged person's id answers with the survivor (the server redirects), so
 * `survivorId` differs from the id asked for.
 */
export async function fetchCustomer360(
  id: string,
  signal?: AbortSignal,
): Promise<{ customer: Customer360; survivorId: string | null }> {
  const { body: customer, url } = await apiGetFollowing<Customer360>(
    `/api/people/${encodeURIComponent(id)}/360`,
    { signal },
  );
  const survivor = /\/api\/people\/([^/?]+)\/360/.exec(url)?.[1];
  const survivorId = survivor && decodeURIComponent(survivor) !== id ? decodeURIComponent(survivor) : null;
  return { customer, survivorId: survivorId ?? (customer.id !== id ? customer.id : null) };
}

/** The timeline's filters, as the server's TimelineQuery names them: one channel and one type, '' for any. */
export type TimelineFilter = { [K in 'channel' | 'type']-?: Extract<TimelineQuery[K], string> };

export async function fetchTimeline(
  id: string,
  filter: TimelineFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<TimelinePage> {
  const query = new URLSearchParams({ limit: '25' });
  if (filter.channel) query.set('channel', filter.channel);
  if (filter.type) query.set('type', filter.type);
  if (cursor) query.set('cursor', cursor);
  return api.get<TimelinePage>(`/api/people/${encodeURIComponent(id)}/timeline?${query}`, { signal });
}

export async function updatePerson(id: string, changes: PersonUpdate): Promise<void> {
  await api.patch(`/api/people/${encodeURIComponent(id)}`, changes);
}

export async function recordConsent(id: string, input: Omit<ConsentInput, 'source'>): Promise<void> {
  await api.post(`/api/people/${encodeURIComponent(id)}/consents`, {
    ...input,
    source: 'console',
  } satisfies ConsentInput);
}

/** What the agent logs from the page; the console adds the key, the time and the agent. */
export type LoggedInteraction = Pick<
  NewInteraction,
  'personId' | 'channel' | 'type' | 'direction' | 'subject' | 'summary' | 'durationSeconds'
> & { agentId: string };

export async function logInteraction({ agentId, ...input }: LoggedInteraction): Promise<string> {
  const body: NewInteraction = {
    ...input,
    idempotencyKey: `console:${crypto.randomUUID()}`,
    occurredAt: new Date().toISOString(),
    agent: agentId,
  };
  return (await api.post<RecordedInteraction>('/api/interactions', body)).id;
}

export async function fetchNotes(personId: string, signal?: AbortSignal): Promise<Note[]> {
  const query = new URLSearchParams({ objectType: 'people', objectId: personId, limit: '50' });
  return (await api.get<Items<Note>>(`/api/notes?${query}`, { signal })).items;
}

export async function addNote(personId: string, text: string): Promise<void> {
  await api.post('/api/notes', { objectType: 'people', objectId: personId, body: text } satisfies NoteCreate);
}

export async function createPerson(
  input: Pick<PersonCreate, 'displayName' | 'firstName' | 'lastName' | 'phones' | 'emails'>,
): Promise<string> {
  return (await api.post<Person>('/api/people', input)).id;
}

/** The active users of the workspace (owners, assignees, agents). */
export async function fetchUsers(signal?: AbortSignal): Promise<User[]> {
  return (await api.get<Items<User>>('/api/users', { signal })).items.filter((u) => u.active);
}

/** Query keys of the customer page, in one place so mutations invalidate the right things. */
export const customerKeys = {
  all: (id: string) => ['person', id] as const,
  c360: (id: string) => ['person', id, '360'] as const,
  timeline: (id: string) => ['person', id, 'timeline'] as const,
  notes: (id: string) => ['person', id, 'notes'] as const,
};

/**
 * The customer 360 (one request: profile, identities, consent, account, latest interactions, open
 * items). Not aborted when the page that asked for it goes: a request started by the click is
 * still answered if the page re-mounts, instead of being cancelled and sent again.
 */
export function customer360Query(id: string) {
  return {
    queryKey: customerKeys.c360(id),
    queryFn: () => fetchCustomer360(id),
  };
}

export const NO_TIMELINE_FILTER: TimelineFilter = { channel: '', type: '' };

/** The timeline, page by page (cursor), for one filter. */
export function timelineQuery(personId: string, filter: TimelineFilter = NO_TIMELINE_FILTER) {
  return {
    queryKey: [...customerKeys.timeline(personId), filter] as const,
    queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) =>
      fetchTimeline(personId, filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor,
  };
}

/** The person's notes, newest first. */
export function notesQuery(personId: string) {
  return {
    queryKey: customerKeys.notes(personId),
    queryFn: ({ signal }: { signal: AbortSignal }) => fetchNotes(personId, signal),
  };
}

/**
 * Starts every request the customer page makes, side by side: called at the click that opens a
 * customer (before the page renders) and by the page itself, so the page waits for one round trip.
 */
export function prefetchCustomer(queryClient: QueryClient, id: string): void {
  void queryClient.prefetchQuery(customer360Query(id));
  void queryClient.prefetchInfiniteQuery(timelineQuery(id));
  void queryClient.prefetchQuery(notesQuery(id));
}
