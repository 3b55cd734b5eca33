import type { SearchResult, SearchResults } from '../../../src/customers/index';
import { api } from '../lib/api';

export type { SearchResult };

export async function searchCustomers(q: string, signal?: AbortSignal): Promise<SearchResult[]> {
  const query = new URLSearchParams({ q, limit: '8' });
  return (await api.get<SearchResults>(`/api/search?${query}`, { signal })).results;
}
