import { api, isRecord } from '../lib/api';

export interface Health {
  status: string;
  database: string;
  schemaVersion: string;
}

export async function fetchHealth(signal?: AbortSignal): Promise<Health | null> {
  const body = await api.get('/api/health', { signal });
  if (!isRecord(body) || typeof body.status !== 'string') return null;
  const { status, database, schemaVersion } = body;
  return {
    status,
    database: typeof database === 'string' ? database : 'unknown',
    schemaVersion:
      typeof schemaVersion === 'string' || typeof schemaVersion === 'number'
        ? String(schemaVersion)
        : 'unknown',
  };
}
