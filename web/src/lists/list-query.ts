/**
 * The state of a list page (filters, sort, columns) and the URLs it becomes: the page's own address
 * (so a reload or a pasted link shows the same list), the API query, and the CSV export.
 */
import type { ListObjectType } from '../../../src/customers/index';

export type ListKind = ListObjectType;

export interface ListState {
  /** The API's filter parameters: lifecycleStage, ownerId, namePrefix, tag, attr.<key>[.<op>]... */
  filters: Record<string, string>;
  /** A sort of the API (`displayName`, `-updatedAt`...); null for the default (newest first). */
  sort: string | null;
  /** Column ids in display order; null for the default columns. */
  columns: string[] | null;
}

/** Parameters of the page address that are not filters. */
const RESERVED = new Set(['sort', 'cols', 'view']);

export const EMPTY_STATE: ListState = { filters: {}, sort: null, columns: null };

export function stateFromSearch(search: string): ListState {
  const params = new URLSearchParams(search);
  const filters: Record<string, string> = {};
  for (const [key, value] of params) if (!RESERVED.has(key) && value !== '') filters[key] = value;
  const cols = params.get('cols');
  return {
    filters,
    sort: params.get('sort') || null,
    columns: cols ? cols.split(',').filter(Boolean) : null,
  };
}

/** The page's query string (with a leading `?`, or empty); filters in a stable order. */
export function searchFromState(state: ListState, view?: string | null): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(state.filters).sort()) {
    const value = state.filters[key];
    if (value) params.set(key, value);
  }
  if (state.sort) params.set('sort', state.sort);
  if (state.columns) params.set('cols', state.columns.join(','));
  if (view) params.set('view', view);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function filterParams(state: ListState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(state.filters).sort()) params.set(key, state.filters[key] ?? '');
  return params;
}

/** GET /api/people or /api/accounts with the filters and sort, one page. */
export function listUrl(kind: ListKind, state: ListState, cursor: string | null, limit: number): string {
  const params = filterParams(state);
  if (state.sort) params.set('sort', state.sort);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return `/api/${kind}?${params.toString()}`;
}

/** GET /api/people/count or /api/accounts/count: how many records the filters match. */
export function countUrl(kind: ListKind, state: ListState): string {
  const text = filterParams(state).toString();
  return `/api/${kind}/count${text ? `?${text}` : ''}`;
}

/** "12,345 people", "1 account", "Over 100,000 people" (the server stops counting there). */
export function countText(kind: ListKind, count: { count: number; exact: boolean }): string {
  const noun =
    kind === 'people'
      ? count.count === 1
        ? 'person'
        : 'people'
      : count.count === 1
        ? 'account'
        : 'accounts';
  const n = count.count.toLocaleString('en-US');
  return count.exact ? `${n} ${noun}` : `Over ${n} ${noun}`;
}

/** The filters GET /api/people/export.csv understands. */
const EXPORT_FILTERS = ['lifecycleStage', 'ownerId', 'namePrefix'] as const;

/**
 * The server's CSV export of every person the filters match, and the filters it cannot apply
 * (then the caller exports the loaded rows instead, so the file never holds more than the list).
 */
export function exportUrl(state: ListState): { url: string; unsupported: string[] } {
  const params = new URLSearchParams();
  const unsupported: string[] = [];
  for (const [key, value] of Object.entries(state.filters)) {
    if ((EXPORT_FILTERS as readonly string[]).includes(key)) params.set(key, value);
    else unsupported.push(key);
  }
  const text = params.toString();
  return { url: `/api/people/export.csv${text ? `?${text}` : ''}`, unsupported };
}

/** The next sort when a column header is clicked: ascending, then descending, then the default. */
export function nextSort(current: string | null, field: string): string | null {
  if (current === field) return `-${field}`;
  if (current === `-${field}`) return null;
  return field;
}

/** `ascending`, `descending` or `none` for a column's aria-sort. */
export function sortDirection(current: string | null, field: string): 'ascending' | 'descending' | 'none' {
  if (current === field) return 'ascending';
  if (current === `-${field}`) return 'descending';
  return 'none';
}

export const ATTRIBUTE_OPS = [
  { op: 'eq', label: 'is' },
  { op: 'gt', label: 'greater than' },
  { op: 'gte', label: 'at least' },
  { op: 'lt', label: 'less than' },
  { op: 'lte', label: 'at most' },
] as const;
export type AttributeOp = (typeof ATTRIBUTE_OPS)[number]['op'];

/** `attr.tier` for equality, `attr.score.gte` otherwise. */
export function attributeParam(key: string, op: AttributeOp): string {
  return op === 'eq' ? `attr.${key}` : `attr.${key}.${op}`;
}

/** The key and operator of an `attr.*` parameter; null for any other parameter. */
export function parseAttributeParam(param: string): { key: string; op: AttributeOp } | null {
  const match = /^attr\.([a-z][a-z0-9_]*)(?:\.(gt|gte|lt|lte))?$/.exec(param);
  if (!match?.[1]) return null;
  return { key: match[1], op: (match[2] as AttributeOp | undefined) ?? 'eq' };
}

/** Without one filter. */
export function withoutFilter(state: ListState, param: string): ListState {
  const { [param]: _removed, ...filters } = state.filters;
  return { ...state, filters };
}

/** CSV text (RFC 4180: quotes around fields holding a comma, quote or line break; quotes doubled). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
