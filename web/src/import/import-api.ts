/** Uploading a CSV as an import (the file is streamed as the request body) and following its progress. */
import { ApiError, api, isRecord } from '../lib/api';
import type { ImportKind } from './csv-columns';

export type ImportState = 'uploading' | 'queued' | 'running' | 'refused' | 'succeeded' | 'failed';
export const FINISHED: readonly ImportState[] = ['refused', 'succeeded', 'failed'];

export interface ImportRun {
  id: string;
  state: ImportState;
  dryRun: boolean;
  done: number;
  total: number | null;
  rowsPerSecond: number | null;
  counts: Record<string, number>;
  badRows: number;
  errors: { line: number; field: string; reason: string }[];
  error: string | null;
}

function parseRun(body: unknown): ImportRun {
  const r = isRecord(body) ? body : {};
  const progress = isRecord(r.progress) ? r.progress : {};
  const counts = isRecord(r.counts) ? r.counts : {};
  return {
    id: String(r.id),
    state: String(r.state) as ImportState,
    dryRun: r.dryRun === true,
    done: Number(progress.done ?? 0),
    total: typeof progress.total === 'number' ? progress.total : null,
    rowsPerSecond: typeof progress.rowsPerSecond === 'number' ? progress.rowsPerSecond : null,
    counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
    badRows: Number(r.badRows ?? 0),
    errors: Array.isArray(r.errors)
      ? r.errors
          .filter(isRecord)
          .map((e) => ({ line: Number(e.line), field: String(e.field), reason: String(e.reason) }))
      : [],
    error: typeof r.error === 'string' ? r.error : null,
  };
}

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
export async function startImport(input: StartImport): Promise<ImportRun> {
  // The JSON client does not send files; the session's CSRF token comes from /api/auth/me.
  const me = await api.get('/api/auth/me');
  const csrf = isRecord(me) && typeof me.csrfToken === 'string' ? me.csrfToken : '';
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
    headers: { 'content-type': 'text/csv', accept: 'application/json', 'x-csrf-token': csrf },
    body: input.file,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    throw new ApiError(
      response.status,
      String(error.code ?? 'bad_response'),
      String(error.message ?? `The upload failed (HTTP ${response.status}).`),
      typeof error.field === 'string' ? error.field : undefined,
    );
  }
  return parseRun(body);
}

export async function fetchImport(id: string, signal?: AbortSignal): Promise<ImportRun> {
  return parseRun(await api.get(`/api/imports/${encodeURIComponent(id)}`, { signal }));
}

export const rejectedUrl = (id: string) => `/api/imports/${encodeURIComponent(id)}/rejected.csv`;
