/**
 * Who is signed in. `GET /auth/me` decides: a user (permissions from the server), 401 → the login
 * page, 404 → a server without authentication (every action offered; the server still decides).
 * Any 401 later (an expired session) brings the login page back.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from '../api/client';
import type { User } from '../api/types';

export type AuthState =
  | { status: 'checking' }
  | { status: 'signed-in'; user: User; permissions: ReadonlySet<string> }
  | { status: 'open' }
  | { status: 'signed-out' }
  | { status: 'error'; error: Error };

interface AuthContextValue {
  state: AuthState;
  can: (permission: string) => boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  recheck: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'checking' });

  const recheck = useCallback(() => {
    api.me().then(
      (me) => setState({ status: 'signed-in', user: me.user, permissions: new Set(me.permissions) }),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setState({ status: 'signed-out' });
        else if (err instanceof ApiError && err.status === 404) setState({ status: 'open' });
        else setState({ status: 'error', error: err instanceof Error ? err : new Error(String(err)) });
      },
    );
  }, []);

  useEffect(() => {
    recheck();
    return onUnauthorized(() => setState({ status: 'signed-out' }));
  }, [recheck]);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      can: (permission) => state.status === 'open' || (state.status === 'signed-in' && state.permissions.has(permission)),
      login: async (username, password) => {
        await api.login(username, password);
        recheck();
      },
      logout: async () => {
        await api.logout();
        setState({ status: 'signed-out' });
      },
      recheck,
    }),
    [state, recheck],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
