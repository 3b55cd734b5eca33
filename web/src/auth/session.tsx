import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { errorMessage, onUnauthorized } from '../lib/api';
import {
  fetchCurrentSession,
  type LoginInput,
  login as loginRequest,
  logout as logoutRequest,
  type Session,
} from './api';

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  /** `loggedOut`: the user just pressed "Log out" (as opposed to arriving without a session). */
  | { status: 'anonymous'; loggedOut?: boolean }
  | ({ status: 'authenticated' } & Session);

export interface SessionContextValue {
  state: SessionState;
  /** Throws `ApiError` on failure so the login form can show the server's message. */
  login(input: LoginInput): Promise<void>;
  logout(): Promise<void>;
  /** Ask the server again who we are (used by the "try again" button after a network error). */
  refresh(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // `attempt` re-runs this effect for refresh().
    void attempt;
    const controller = new AbortController();
    fetchCurrentSession(controller.signal).then(
      (session) => {
        if (controller.signal.aborted) return;
        setState(session ? { status: 'authenticated', ...session } : { status: 'anonymous' });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  // Any 401 from any API call means the session is gone (expired, logged out elsewhere).
  useEffect(() => onUnauthorized(() => setState({ status: 'anonymous' })), []);

  const login = useCallback(async (input: LoginInput) => {
    const session = await loginRequest(input);
    setState({ status: 'authenticated', ...session });
  }, []);

  const logout = useCallback(async () => {
    await logoutRequest();
    setState({ status: 'anonymous', loggedOut: true });
  }, []);

  const refresh = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in session, for pages inside the app frame (which only renders when authenticated). */
export function useAuthenticatedSession(): Session {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useAuthenticatedSession needs a signed-in user');
  return state;
}
