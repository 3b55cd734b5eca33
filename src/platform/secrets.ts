import { createHash, randomBytes } from 'node:crypto';

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The secret is base64url, which may itself contain underscores. */
const CREDENTIAL = /^([a-z]+)_([0-9a-f]{32})_([A-Za-z0-9_-]{20,})$/;

/**
 * Bearer tokens and session cookies carry their workspace, so the lookup is scoped to it:
 * `<prefix>_<workspace id without dashes>_<secret>`. Only the SHA-256 of the whole string is stored.
 */
export function composeCredential(prefix: string, workspaceId: string): string {
  return `${prefix}_${workspaceId.replaceAll('-', '')}_${randomSecret()}`;
}

export function parseCredential(prefix: string, value: string): { workspaceId: string } | undefined {
  const match = CREDENTIAL.exec(value);
  if (!match || match[1] !== prefix) return undefined;
  const hex = match[2] ?? '';
  const workspaceId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { workspaceId };
}
