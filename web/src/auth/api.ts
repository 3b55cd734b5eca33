import { ApiError, api, isRecord, setCsrfToken } from '../lib/api';
import { type Permissions, parsePermissions } from './permissions';

export interface User {
  id: string;
  email: string;
  name: string;
  role: string;
}

export interface Workspace {
  id: string;
  slug: string;
  name: string;
}

export interface Session {
  user: User;
  workspace: Workspace;
  /** What the user's role may do (grants per object and action). */
  permissions: Permissions;
}

export interface LoginInput {
  workspace: string;
  email: string;
  password: string;
}

function str(value: unknown): string | null {
  // Ids may be numeric in the database; accept both and normalise to string.
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function parseSessionBody(body: unknown): Session & { csrfToken: string } {
  if (
    isRecord(body) &&
    isRecord(body.user) &&
    isRecord(body.workspace) &&
    typeof body.csrfToken === 'string'
  ) {
    const u = body.user;
    const w = body.workspace;
    const user = { id: str(u.id), email: str(u.email), name: str(u.name), role: str(u.role) };
    const workspace = { id: str(w.id), slug: str(w.slug), name: str(w.name) };
    if (
      user.id !== null &&
      user.email !== null &&
      user.name !== null &&
      user.role !== null &&
      workspace.id !== null &&
      workspace.slug !== null &&
      workspace.name !== null
    ) {
      return {
        user: { id: user.id, email: user.email, name: user.name, role: user.role },
        workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
        permissions: parsePermissions(body.permissions, { userId: user.id, role: user.role }),
        csrfToken: body.csrfToken,
      };
    }
  }
  throw new ApiError(200, 'bad_response', 'The server sent an unexpected session response.');
}

function adopt(body: unknown): Session {
  const { csrfToken, ...session } = parseSessionBody(body);
  setCsrfToken(csrfToken);
  return session;
}

export async function login(input: LoginInput): Promise<Session> {
  return adopt(await api.post('/api/auth/login', input));
}

/** The current session, or `null` when the visitor is not logged in (401). */
export async function fetchCurrentSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return adopt(await api.get('/api/auth/me', { signal }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function logout(): Promise<void> {
  try {
    await api.post('/api/auth/logout');
  } catch (error) {
    // Already logged out on the server: that is what we wanted.
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  setCsrfToken(null);
}

/** Who a password reset link is for; rejects (400, field `token`) when it is used, replaced or expired. */
export async function fetchResetLink(
  token: string,
  signal?: AbortSignal,
): Promise<{ email: string; workspace: string; expiresAt: string }> {
  const body = await api.get(`/api/auth/password-reset?token=${encodeURIComponent(token)}`, { signal });
  const r = isRecord(body) ? body : {};
  return {
    email: String(r.email ?? ''),
    workspace: String(r.workspace ?? ''),
    expiresAt: String(r.expiresAt ?? ''),
  };
}

/** Sets a new password with a reset link (once); every session of the user ends. */
export async function resetPassword(
  token: string,
  password: string,
): Promise<{ email: string; workspace: string }> {
  const body = await api.post('/api/auth/password-reset', { token, password });
  const r = isRecord(body) ? body : {};
  return { email: String(r.email ?? ''), workspace: String(r.workspace ?? '') };
}

/** Changes the signed-in user's password; the other sessions end, this one stays. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api.post('/api/auth/password', { currentPassword, newPassword });
}
