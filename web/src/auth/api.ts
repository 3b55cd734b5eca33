import type {
  LoginInput,
  PasswordChange,
  PasswordReset,
  PasswordResetInput,
  ResetLinkInfo,
  Session as SessionAnswer,
} from '../../../src/platform/index';
import { ApiError, api, setCsrfToken } from '../lib/api';

export type { LoginInput };

/** The signed-in user, the workspace and what the role may do; the CSRF token is kept by the API client. */
export type Session = Omit<SessionAnswer, 'csrfToken'>;

function adopt({ csrfToken, ...session }: SessionAnswer): Session {
  setCsrfToken(csrfToken);
  return session;
}

export async function login(input: LoginInput): Promise<Session> {
  return adopt(await api.post<SessionAnswer>('/api/auth/login', input));
}

/** The current session, or `null` when the visitor is not logged in (401). */
export async function fetchCurrentSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return adopt(await api.get<SessionAnswer>('/api/auth/me', { signal }));
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
export async function fetchResetLink(token: string, signal?: AbortSignal): Promise<ResetLinkInfo> {
  return api.get<ResetLinkInfo>(`/api/auth/password-reset?token=${encodeURIComponent(token)}`, { signal });
}

/** Sets a new password with a reset link (once); every session of the user ends. */
export async function resetPassword(token: string, password: string): Promise<PasswordReset> {
  return api.post<PasswordReset>('/api/auth/password-reset', {
    token,
    password,
  } satisfies PasswordResetInput);
}

/** Changes the signed-in user's password; the other sessions end, this one stays. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api.post('/api/auth/password', { currentPassword, newPassword } satisfies PasswordChange);
}
