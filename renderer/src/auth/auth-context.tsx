/**
 * Who is signed in on this screen, as the main process sees it. The session lives in the main
 * process (one per window or browser tab); this only mirrors it: `auth.state` on every
 * (re)connection and the `auth.session` event when it changes. It also locks the screen after the
 * idle time when nobody touches it.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { AuthState, RequestChannel, SessionInfo } from '../api/contract';
import { useApp } from '../app-context';
import { answerUntilCleanup } from '../api/answer-until-cleanup';

export interface AuthContextValue {
  /** null until the first `auth.state` answer. */
  state: AuthState | null;
  session: SessionInfo | null;
  can: (channel: RequestChannel) => boolean;
  refresh: () => Promise<void>;
  signIn: (accountId: number, secret: string) => Promise<void>;
  setup: (args: { username: string; displayName: string; password: string }) => Promise<void>;
  unlock: (secret: string) => Promise<void>;
  lock: () => Promise<void>;
  signOut: () => Promise<void>;
  /** A kiosk screen asked to show the sign-in tiles. */
  wantsSignIn: boolean;
  setWantsSignIn: (value: boolean) => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const { api, connection, reportError, clearProblems } = useApp();
  const [state, setState] = useState<AuthState | null>(null);
  const [wantsSignIn, setWantsSignIn] = useState(false);

  const refresh = useCallback(async () => {
    setState(await api.invoke('auth.state', {}));
  }, [api]);

  useEffect(() => {
    if (connection.generation === 0) return;
    return answerUntilCleanup(api.invoke('auth.state', {}), setState, reportError);
    // Reload only on (re)connection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, connection.generation]);

  useEffect(
    () =>
      api.subscribe('auth.session', (session) => {
        setState((current) => (current ? { ...current, session } : current));
        // Signed out (or a kiosk again): fetch the sign-in tiles.
        if (!session.user || session.user.kiosk) refresh().catch(reportError);
      }),
    [api, refresh, reportError],
  );

  const session = state?.session ?? null;
  // A new person at the screen (or nobody): the previous one's error messages go with them.
  const person = session?.user?.accountId ?? null;
  useEffect(() => clearProblems(), [person, clearProblems]);

  const applySession = useCallback((next: SessionInfo) => {
    setState((current) => (current ? { ...current, session: next, accounts: [] } : current));
  }, []);

  const signIn = useCallback(
    async (accountId: number, secret: string) => {
      applySession(await api.invoke('auth.signIn', { accountId, secret }));
      setWantsSignIn(false);
    },
    [api, applySession],
  );
  const setup = useCallback(
    async (args: { username: string; displayName: string; password: string }) => {
      const next = await api.invoke('auth.setup', args);
      setState((current) =>
        current ? { ...current, setupRequired: false, session: next, accounts: [] } : current,
      );
    },
    [api],
  );
  const unlock = useCallback(
    async (secret: string) => applySession(await api.invoke('auth.unlock', { secret })),
    [api, applySession],
  );
  const lock = useCallback(async () => {
    applySession(await api.invoke('auth.lock', {}));
  }, [api, applySession]);
  const signOut = useCallback(async () => {
    await api.invoke('auth.signOut', {});
    setWantsSignIn(false);
    await refresh();
  }, [api, refresh]);

  // Lock after the idle time (a person, not a kiosk; the server enforces it too).
  const idleMs = session?.user && !session.user.kiosk && !session.locked ? session.idleLockMs : 0;
  useEffect(() => {
    if (idleMs <= 0) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last >= idleMs) lock().catch(reportError);
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch);
    };
  }, [idleMs, lock, reportError]);

  const can = useCallback(
    (channel: RequestChannel) => session?.permissions.includes(channel) ?? false,
    [session],
  );

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      session,
      can,
      refresh,
      signIn,
      setup,
      unlock,
      lock,
      signOut,
      wantsSignIn,
      setWantsSignIn,
    }),
    [state, session, can, refresh, signIn, setup, unlock, lock, signOut, wantsSignIn],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth() must be used inside <AuthProvider>.');
  return value;
}

export { apiErrorCode } from '../api/api-error';
