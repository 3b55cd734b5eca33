import { api, isRecord } from '../lib/api';

export interface SearchResult {
  type: 'person' | 'account';
  id: string;
  name: string;
  matched: string;
  score: number;
}

export async function searchCustomers(q: string, signal?: AbortSignal): Promise<SearchResult[]> {
  const body = await api.get(`/api/search?${new URLSearchParams({ q, limit: '8' })}`, { signal });
  if (!isRecord(body) || !Array.isArray(body.results)) return [];
  return body.results.flatMap((r: unknown) =>
    isRecord(r) && typeof r.id === 'string' && typeof r.name === 'string'
      ? [
          {
            type: r.type === 'account' ? 'account' : 'person',
            id: r.id,
            name: r.name,
            matched: typeof r.matched === 'string' ? r.matched : '',
            score: typeof r.score === 'number' ? r.score : 0,
          } satisfies SearchResult,
        ]
      : [],
  );
}
