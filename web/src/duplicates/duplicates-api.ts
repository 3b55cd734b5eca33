/** The duplicates review's calls: candidate pairs, scans, dismissals, people, and the merge. */
import type {
  Candidate,
  CandidatePerson,
  CandidatesPage,
  MergeInput,
  MergeResult,
  PersonWithAccounts,
  ScanResult,
} from '../../../src/customers/index';
import { api } from '../lib/api';
import type { MergeRequest } from './merge-plan';

export type { Candidate, CandidatePerson, MergeResult as MergeOutcome };

export async function fetchCandidates(signal?: AbortSignal): Promise<Candidate[]> {
  return (await api.get<CandidatesPage>('/api/duplicates?status=open&limit=100', { signal })).items;
}

export async function scanDuplicates(): Promise<ScanResult> {
  return api.post<ScanResult>('/api/duplicates/scan', {});
}

export async function dismissPair(a: string, b: string): Promise<void> {
  await api.post(`/api/duplicates/${encodeURIComponent(a)}/${encodeURIComponent(b)}/dismiss`);
}

export async function fetchPerson(id: string, signal?: AbortSignal): Promise<PersonWithAccounts> {
  return api.get<PersonWithAccounts>(`/api/people/${encodeURIComponent(id)}`, { signal });
}

export async function mergePeople(request: MergeRequest, dryRun: boolean): Promise<MergeResult> {
  return api.post<MergeResult>('/api/people/merge', { ...request, dryRun } satisfies MergeInput);
}

export const duplicateKeys = {
  candidates: ['duplicates', 'open'] as const,
  person: (id: string) => ['person', id, 'record'] as const,
};
