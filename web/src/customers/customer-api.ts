/**
 * The customer page's calls to the API and the shapes it reads. Sections of the 360 that later
 * work fills (orders, cases, opportunities, scores, next best offer) are kept as loose records.
 */
import type { QueryClient } from '@tanstack/react-query';
import { api, apiGetFollowing, isRecord } from '../lib/api';

export const LIFECYCLE_STAGES = [
  'awareness',
  'knowledge',
  'consideration',
  'pre_sales',
  'evaluation',
  'customer',
  'retained',
  'expanded',
  'churned',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'mail', 'push'] as const;
export const CONSENT_PURPOSES = ['marketing', 'service'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CHANNELS = [
  'web',
  'email',
  'phone',
  'sms',
  'chat',
  'mobile_app',
  'store',
  'mail',
  'social',
  'other',
] as const;

export type Loose = Record<string, unknown>;

export interface Identity {
  id: string;
  kind: string;
  value: string;
  raw: string | null;
  source: string | null;
}

export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postcode?: string;
  postalCode?: string;
  country?: string;
}

export interface Profile {
  id: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  birthday: string | null;
  address: Address | null;
  language: string | null;
  notes: string | null;
  ownerId: string | null;
  teamId: string | null;
  lifecycleStage: LifecycleStage;
  accountId: string | null;
  attributes: Loose;
  createdAt: string;
  updatedAt: string;
}

export interface ConsentState {
  channel: string;
  purpose: string;
  state: 'granted' | 'withdrawn';
  source: string | null;
  recordedAt: string | null;
}

export interface OpenTask {
  id: string;
  kind: string;
  title: string;
  dueAt: string;
  assigneeId: string | null;
}

export interface Customer360 {
  id: string;
  profile: Profile;
  identities: Identity[];
  consent: ConsentState[];
  account: Loose | null;
  lifecycle: { stage: LifecycleStage; since: string | null };
  interactions: Loose[];
  openTasks: OpenTask[];
  ordersSummary: { count: number; revenue: number; currency: string | null; lastOrder: Loose | null };
  openCases: Loose[];
  openOpportunities: Loose[];
  scores: Loose | null;
  nextBestOffer: Loose | null;
}

export interface TimelineItem {
  id: string;
  channel: string;
  direction: 'inbound' | 'outbound';
  type: string;
  occurredAt: string;
  durationSeconds: number | null;
  agentId: string | null;
  subject: string | null;
  summary: string | null;
  metadata: Loose;
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor: string | null;
}

export interface Note {
  id: string;
  body: string;
  authorId: string | null;
  createdAt: string;
}

const arr = (v: unknown): Loose[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The customer 360. A merged person's id answers with the survivor (the server redirects), so
 * `survivorId` differs from the id asked for.
 */
export async function fetchCustomer360(
  id: string,
  signal?: AbortSignal,
): Promise<{ customer: Customer360; survivorId: string | null }> {
  const { body, url } = await apiGetFollowing(`/api/people/${encodeURIComponent(id)}/360`, { signal });
  if (!isRecord(body) || !isRecord(body.profile) || typeof body.id !== 'string') {
    throw new Error('The server sent an unexpected customer record.');
  }
  const customer: Customer360 = {
    id: body.id,
    profile: body.profile as unknown as Profile,
    identities: arr(body.identities) as unknown as Identity[],
    consent: arr(body.consent) as unknown as ConsentState[],
    account: isRecord(body.account) ? body.account : null,
    lifecycle: isRecord(body.lifecycle)
      ? { stage: body.lifecycle.stage as LifecycleStage, since: str(body.lifecycle.since) }
      : { stage: (body.profile as Loose).lifecycleStage as LifecycleStage, since: null },
    interactions: arr(body.interactions),
    openTasks: arr(body.openTasks).map((t) => ({
      id: String(t.id),
      kind: String(t.kind ?? 'to_do'),
      title: String(t.title ?? ''),
      dueAt: String(t.dueAt ?? ''),
      assigneeId: str(t.assigneeId),
    })),
    ordersSummary: isRecord(body.ordersSummary)
      ? {
          count: Number(body.ordersSummary.count ?? 0),
          revenue: Number(body.ordersSummary.revenue ?? 0),
          currency: str(body.ordersSummary.currency),
          lastOrder: isRecord(body.ordersSummary.lastOrder) ? body.ordersSummary.lastOrder : null,
        }
      : { count: 0, revenue: 0, currency: null, lastOrder: null },
    openCases: arr(body.openCases),
    openOpportunities: arr(body.openOpportunities),
    scores: isRecord(body.scores) ? body.scores : null,
    nextBestOffer: isRecord(body.nextBestOffer) ? body.nextBestOffer : null,
  };
  const survivor = /\/api\/people\/([^/?]+)\/360/.exec(url)?.[1];
  const survivorId = survivor && decodeURIComponent(survivor) !== id ? decodeURIComponent(survivor) : null;
  return { customer, survivorId: survivorId ?? (customer.id !== id ? customer.id : null) };
}

export interface TimelineFilter {
  channel: string;
  type: string;
}

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
  const body = await api.get(`/api/people/${encodeURIComponent(id)}/timeline?${query}`, { signal });
  if (!isRecord(body)) return { items: [], nextCursor: null };
  return {
    items: arr(body.items) as unknown as TimelineItem[],
    nextCursor: str(body.nextCursor),
  };
}

export type ProfileChanges = Partial<
  Pick<
    Profile,
    'firstName' | 'lastName' | 'displayName' | 'birthday' | 'language' | 'notes' | 'lifecycleStage'
  >
> & { address?: Address | null };

export async function updatePerson(id: string, changes: ProfileChanges): Promise<void> {
  await api.patch(`/api/people/${encodeURIComponent(id)}`, changes);
}

export async function recordConsent(
  id: string,
  input: { channel: ConsentChannel; purpose: ConsentPurpose; state: 'granted' | 'withdrawn' },
): Promise<void> {
  await api.post(`/api/people/${encodeURIComponent(id)}/consents`, { ...input, source: 'console' });
}

export interface NewInteraction {
  personId: string;
  channel: string;
  type: string;
  direction: 'inbound' | 'outbound';
  subject?: string;
  summary?: string;
  durationSeconds?: number;
  agentId: string;
}

export async function logInteraction(input: NewInteraction): Promise<string | null> {
  const body = await api.post('/api/interactions', {
    idempotencyKey: `console:${crypto.randomUUID()}`,
    personId: input.personId,
    channel: input.channel,
    type: input.type,
    direction: input.direction,
    occurredAt: new Date().toISOString(),
    agent: input.agentId,
    ...(input.subject ? { subject: input.subject } : {}),
    ...(input.summary ? { summary: input.summary } : {}),
    ...(input.durationSeconds !== undefined ? { durationSeconds: input.durationSeconds } : {}),
  });
  if (isRecord(body) && body.status === 'rejected' && isRecord(body.error)) {
    throw new Error(String(body.error.message ?? 'The interaction was rejected'));
  }
  return isRecord(body) ? str(body.id) : null;
}

export async function fetchNotes(personId: string, signal?: AbortSignal): Promise<Note[]> {
  const query = new URLSearchParams({ objectType: 'people', objectId: personId, limit: '50' });
  const body = await api.get(`/api/notes?${query}`, { signal });
  return isRecord(body) ? (arr(body.items) as unknown as Note[]) : [];
}

export async function addNote(personId: string, text: string): Promise<void> {
  await api.post('/api/notes', { objectType: 'people', objectId: personId, body: text });
}

export async function createPerson(input: {
  displayName: string;
  firstName?: string;
  lastName?: string;
  phones?: string[];
  emails?: string[];
}): Promise<string> {
  const body = await api.post('/api/people', input);
  if (!isRecord(body) || typeof body.id !== 'string')
    throw new Error('The server did not return the new person');
  return body.id;
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
}

export async function fetchUsers(signal?: AbortSignal): Promise<UserSummary[]> {
  const body = await api.get('/api/users', { signal });
  return isRecord(body)
    ? arr(body.items)
        .filter((u) => u.active !== false && typeof u.id === 'string')
        .map((u) => ({ id: String(u.id), name: String(u.name ?? u.email), email: String(u.email ?? '') }))
    : [];
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
