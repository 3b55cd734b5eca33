/** The list pages' calls to the API: pages of people or accounts, attributes, tags, saved views, bulk changes. */
import type {
  AccountsPage,
  AttributeDefinition,
  BulkUpdateInput,
  BulkUpdateResult,
  PeoplePage,
  SavedView,
  TagUse,
  ViewCreate,
} from '../../../src/customers/index';
import type { CursorPage, Items, ListCount } from '../../../src/platform/index';
import { api } from '../lib/api';
import { countUrl, type ListKind, type ListState, listUrl } from './list-query';

export type { AttributeDefinition, BulkUpdateResult, ListCount, SavedView };

type PersonRow = PeoplePage['items'][number];
type AccountRow = AccountsPage['items'][number];
/** A row of either list, as the API answers it: the fields of its kind are there, the others absent. */
export type ListRow = Pick<PersonRow, 'id' | 'tags'> & Partial<PersonRow> & Partial<AccountRow>;

export const PAGE_SIZE = 200;

export async function fetchListPage(
  kind: ListKind,
  state: ListState,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<CursorPage<ListRow>> {
  return api.get<PeoplePage | AccountsPage>(listUrl(kind, state, cursor, PAGE_SIZE), { signal });
}

/** How many records the filters match: a request of its own, so the first page never waits for it. */
export async function fetchListCount(
  kind: ListKind,
  state: ListState,
  signal?: AbortSignal,
): Promise<ListCount> {
  return api.get<ListCount>(countUrl(kind, state), { signal });
}

export async function fetchAttributes(kind: ListKind, signal?: AbortSignal): Promise<AttributeDefinition[]> {
  return (await api.get<Items<AttributeDefinition>>(`/api/attributes?objectType=${kind}`, { signal })).items;
}

export async function fetchTags(kind: ListKind, signal?: AbortSignal): Promise<string[]> {
  return (await api.get<Items<TagUse>>(`/api/tags?objectType=${kind}`, { signal })).items.map((t) => t.tag);
}

export async function fetchViews(kind: ListKind, signal?: AbortSignal): Promise<SavedView[]> {
  return (await api.get<Items<SavedView>>(`/api/views?objectType=${kind}`, { signal })).items;
}

export async function saveView(
  kind: ListKind,
  input: { name: string; shared: boolean; state: ListState },
): Promise<string> {
  const view: ViewCreate = {
    objectType: kind,
    name: input.name,
    shared: input.shared,
    definition: {
      filters: input.state.filters,
      ...(input.state.sort ? { sort: input.state.sort } : {}),
      ...(input.state.columns ? { columns: input.state.columns } : {}),
    },
  };
  return (await api.post<SavedView>('/api/views', view)).id;
}

export async function deleteView(id: string): Promise<void> {
  await api.delete(`/api/views/${encodeURIComponent(id)}`);
}

/** The records a bulk change applies to: chosen ids, or every record the list's filters match. */
export type BulkTarget = Required<Pick<BulkUpdateInput, 'ids'>> | Required<Pick<BulkUpdateInput, 'filter'>>;
export type BulkChange = Pick<BulkUpdateInput, 'ownerId' | 'addTags'>;

export async function bulkUpdate(
  kind: ListKind,
  target: BulkTarget,
  change: BulkChange,
): Promise<BulkUpdateResult> {
  const body: BulkUpdateInput = { ...target, ...change };
  return api.post<BulkUpdateResult>(`/api/${kind}/bulk-update`, body);
}

export const listKeys = {
  all: (kind: ListKind) => ['list', kind] as const,
  pages: (kind: ListKind, state: ListState) => ['list', kind, 'pages', state.filters, state.sort] as const,
  count: (kind: ListKind, state: ListState) => ['list', kind, 'count', state.filters] as const,
  attributes: (kind: ListKind) => ['list', kind, 'attributes'] as const,
  tags: (kind: ListKind) => ['list', kind, 'tags'] as const,
  views: (kind: ListKind) => ['list', kind, 'views'] as const,
};
