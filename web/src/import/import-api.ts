/** Uploading a CSV as an import (the file is streamed as the request body) and following its progress. */
import type { ImportState, ImportView } from '../../../src/imports/index';
import type { Session } from '../../../src/platform/index';
import { api, toApiError } from '../lib/api';
import type { ImportKind } from './csv-columns';

export type { ImportView as ImportRun };
export const FINISHED: readonly ImportState[] = ['refused', 'succeeded', 'failed'];

export interface StartImport {
  kind: ImportKind;
  file: File;
  mapping: Record<string, string>;
  delimiter: string;
  dryRun: boolean;
  skipBadRows: boolean;
  /** Orders (required), people and interactions: where the file's ids come from. */
  source?: string;
}

/** POST /api/imports with the file as a text/csv body; answers the queued import. */
export async function startImport(input: StartImport): Promise<ImportView> {
  // The JSON client does not send files; the session's CSRF token comes from /api/auth/me.
  const { csrfToken } = await api.get<Session>('/api/auth/me');
  const params = new URLSearchParams({
    kind: input.kind,
    dryRun: String(input.dryRun),
    skipBadRows: String(input.skipBadRows),
    mapping: JSON.stringify(input.mapping),
    fileName: input.file.name.slice(0, 300),
  });
  if (input.delimiter !== ',') params.set('delimiter', input.delimiter);
  if (input.source) params.set('source', input.source);
  const response = await fetch(`/api/imports?${params.toString()}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv', accept: 'application/json', 'x-csrf-token': csrfToken },
    body: input.file,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, body);
  return body as ImportView;
}

export async function fetchImport(id: string, signal?: AbortSignal): Promise<ImportView> {
  return api.get<ImportView>(`/api/imports/${encodeURIComponent(id)}`, { signal });
}

export const rejectedUrl = (id: string) => `/api/imports/${encodeURIComponent(id)}/rejected.csv`;
