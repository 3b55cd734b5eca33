/** The duplicates review's calls: candidate pairs, scans, dismissals, people, and the merge. */
import { api, isRecord } from '../lib/api';
import type { MergeRequest } from './merge-plan';

type Loose = Record<string, unknown>;

export interface CandidatePerson {
  id: string;
  displayName: string;
  birthday: string | null;
  postcode: string | null;
  city: string | null;
  lifecycleStage: string;
  emails: string[];
  phones: string[];
}

export interface Candidate {
  score: number;
  reasons: string[];
  a: CandidatePerson;
  b: CandidatePerson;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function person(value: unknown): CandidatePerson {
  const p = isRecord(value) ? value : {};
  return {
    id: String(p.id),
    displayName: String(p.displayName ?? ''),
    birthday: text(p.birthday),
    postcode: text(p.postcode),
    city: text(p.city),
    lifecycleStage: String(p.lifecycleStage ?? ''),
    emails: strings(p.emails),
    phones: strings(p.phones),
  };
}

export async function fetchCandidates(signal?: AbortSignal): Promise<Candidate[]> {
  const body = await api.get('/api/duplicates?status=open&limit=100', { signal });
  const items = isRecord(body) && Array.isArray(body.items) ? body.items.filter(isRecord) : [];
  return items.map((c) => ({
    score: Number(c.score ?? 0),
    reasons: strings(c.reasons),
    a: person(c.a),
    b: person(c.b),
  }));
}

export async function scanDuplicates(): Promise<{ pairs: number; open: number }> {
  const body = await api.post('/api/duplicates/scan', {});
  const r = isRecord(body) ? body : {};
  return { pairs: Number(r.pairs ?? 0), open: Number(r.open ?? 0) };
}

export async function dismissPair(a: string, b: string): Promise<void> {
  await api.post(`/api/duplicates/${encodeURIComponent(a)}/${encodeURIComponent(b)}/dismiss`);
}

export async function fetchPerson(id: string, signal?: AbortSignal): Promise<Loose> {
  const body = await api.get(`/api/people/${encodeURIComponent(id)}`, { signal });
  return isRecord(body) ? body : {};
}

export interface MergeOutcome {
  survivorId: string;
  result: Loose;
  conflicts: { field: string; chosen: unknown }[];
  moved: Record<string, number>;
  dropped: Record<string, number>;
}

export async function mergePeople(request: MergeRequest, dryRun: boolean): Promise<MergeOutcome> {
  const body = await api.post('/api/people/merge', { ...request, dryRun });
  const r = isRecord(body) ? body : {};
  const counts = (v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).map(([k, n]) => [k, Number(n)])) : {};
  return {
    survivorId: String(r.survivorId ?? request.survivorId),
    result: isRecord(r.result) ? r.result : {},
    conflicts: Array.isArray(r.conflicts)
      ? r.conflicts.filter(isRecord).map((c) => ({ field: String(c.field), chosen: c.chosen }))
      : [],
    moved: counts(r.moved),
    dropped: counts(r.dropped),
  };
}

export const duplicateKeys = {
  candidates: ['duplicates', 'open'] as const,
  person: (id: string) => ['person', id, 'record'] as const,
};
