import type { Health } from '../../../src/api/index';
import { api } from '../lib/api';

export type { Health };

export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return api.get<Health>('/api/health', { signal });
}
