/** Uploading a CSV as an import (the file is streamed as the request body) and following its progress. */
import type { ImportQuery, ImportState, ImportView } from '../../../src/imports/index';
import type { Session } from '../../../src/platform/index';
import { api, toApiError } from '../lib/api';
import type { ImportKind } from './csv-columns';

export type { ImportView as ImportRun };
export const FINISHED: readonly ImportState[] = ['refused', 'succeeded', 'failed'];

/**
 * What the page starts an import with: the server's query (ImportQuery) as the page fills it, the
 * column mapping as an object (the query carries it as JSON), and the file.
 */
export type StartImport = Required<Pick<ImportQuery, 'dryRun' | 'skipBadRows' | 'delimiter'>> &
  Pick<ImportQuery, 'source'> & {
    kind: ImportKind;
    file: File;
    mapping: Record<string, string>;
  };

/** POST /api/imports with the file as a text/csv body; answers the queued import. */
export async function startImport(input: StartImport): Promise<ImportView> {
  // The JSON client does not send files; the session's CSRF token comes from /api/auth/me.
  const { csrfToken } = await api.get<Session>('/api/auth/me');
  const query: ImportQuery = {
    kind: input.kind,
    dryRun: input.dryRun,
    skipBadRows: input.skipBadRows,
    mapping: JSON.stringify(input.mapping),
    fileName: input.file.name.slice(0, 300),
    ...(input.delimiter !== ',' && { delimiter: input.delimiter }),
    ...(input.source && { source: input.source }),
  };
  const params = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
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
