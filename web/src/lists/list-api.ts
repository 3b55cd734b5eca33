/** The list pages' calls to the API: pages of people or accounts, attributes, tags, saved views, bulk changes. */
import { api, isRecord } from '../lib/api';
import { countUrl, type ListKind, type ListState, listUrl } from './list-query';

export type Loose = Record<string, unknown>;

/** A row of a list: the record as the API answers it, with its tags. */
export interface ListRow extends Loose {
  id: string;
  tags: string[];
}

export interface ListPage {
  items: ListRow[];
  nextCursor: string | null;
}

const arr = (value: unknown): Loose[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export const PAGE_SIZE = 200;

export async function fetchListPage(
  kind: ListKind,
  state: ListState,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<ListPage> {
  const body = await api.get(listUrl(kind, state, cursor, PAGE_SIZE), { signal });
  const record = isRecord(body) ? body : {};
  const items: ListRow[] = arr(record.items).map((r) => ({ ...r, id: String(r.id), tags: strings(r.tags) }));
  return { items, nextCursor: typeof record.nextCursor === 'string' ? record.nextCursor : null };
}

export interface ListCount {
  count: number;
  /** False when the server stopped counting (the count is then a lower bound). */
  exact: boolean;
}

/** How many records the filters match: a request of its own, so the first page never waits for it. */
export async function fetchListCount(
  kind: ListKind,
  state: ListState,
  signal?: AbortSignal,
): Promise<ListCount> {
  const body = await api.get(countUrl(kind, state), { signal });
  const record = isRecord(body) ? body : {};
  return { count: Number(record.count ?? 0), exact: record.exact !== false };
}

export interface AttributeDef {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'choice';
  options: string[] | null;
}

export async function fetchAttributes(kind: ListKind, signal?: AbortSignal): Promise<AttributeDef[]> {
  const body = await api.get(`/api/attributes?objectType=${kind}`, { signal });
  return arr(isRecord(body) ? body.items : []).map((a) => ({
    key: String(a.key),
    label: String(a.label ?? a.key),
    type: (['text', 'number', 'date', 'boolean', 'choice'].includes(String(a.type))
      ? a.type
      : 'text') as AttributeDef['type'],
    options: Array.isArray(a.options) ? strings(a.options) : null,
  }));
}

export async function fetchTags(kind: ListKind, signal?: AbortSignal): Promise<string[]> {
  const body = await api.get(`/api/tags?objectType=${kind}`, { signal });
  return arr(isRecord(body) ? body.items : []).map((t) => String(t.tag));
}

export interface SavedView {
  id: string;
  name: string;
  shared: boolean;
  mine: boolean;
  definition: { filters: Record<string, string>; sort?: string; columns?: string[] };
}

export async function fetchViews(kind: ListKind, signal?: AbortSignal): Promise<SavedView[]> {
  const body = await api.get(`/api/views?objectType=${kind}`, { signal });
  return arr(isRecord(body) ? body.items : []).map((v) => {
    const def = isRecord(v.definition) ? v.definition : {};
    const filters = isRecord(def.filters) ? def.filters : {};
    return {
      id: String(v.id),
      name: String(v.name),
      shared: v.shared === true,
      mine: v.mine === true,
      definition: {
        filters: Object.fromEntries(Object.entries(filters).map(([k, val]) => [k, String(val)])),
        sort: typeof def.sort === 'string' ? def.sort : undefined,
        columns: Array.isArray(def.columns) ? strings(def.columns) : undefined,
      },
    };
  });
}

export async function saveView(
  kind: ListKind,
  input: { name: string; shared: boolean; state: ListState },
): Promise<string> {
  const body = await api.post('/api/views', {
    objectType: kind,
    name: input.name,
    shared: input.shared,
    definition: {
      filters: input.state.filters,
      ...(input.state.sort ? { sort: input.state.sort } : {}),
      ...(input.state.columns ? { columns: input.state.columns } : {}),
    },
  });
  return isRecord(body) ? String(body.id) : '';
}

export async function deleteView(id: string): Promise<void> {
  await api.delete(`/api/views/${encodeURIComponent(id)}`);
}

export type BulkTarget = { ids: string[] } | { filter: Record<string, string> };
export interface BulkChange {
  ownerId?: string | null;
  addTags?: string[];
}
export interface BulkResult {
  matched: number;
  updated: number;
  refused: number;
}

export async function bulkUpdate(
  kind: ListKind,
  target: BulkTarget,
  change: BulkChange,
): Promise<BulkResult> {
  const body = await api.post(`/api/${kind}/bulk-update`, { ...target, ...change });
  const r = isRecord(body) ? body : {};
  return {
    matched: Number(r.matched ?? 0),
    updated: Number(r.updated ?? 0),
    refused: Number(r.refused ?? 0),
  };
}

export const listKeys = {
  all: (kind: ListKind) => ['list', kind] as const,
  pages: (kind: ListKind, state: ListState) => ['list', kind, 'pages', state.filters, state.sort] as const,
  count: (kind: ListKind, state: ListState) => ['list', kind, 'count', state.filters] as const,
  attributes: (kind: ListKind) => ['list', kind, 'attributes'] as const,
  tags: (kind: ListKind) => ['list', kind, 'tags'] as const,
  views: (kind: ListKind) => ['list', kind, 'views'] as const,
};
