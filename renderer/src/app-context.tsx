/**
 * The one place holding what every screen shares: the API object, the connection state, the live
 * app status, the app info, the language, and the list of problems shown in the banner.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { AppInfo, AppStatus, GenbaApi, Language } from './api/contract';
import type { ConnectionSnapshot, ConnectionStore } from './connection';
import { LanguageProvider, defaultLanguage } from './i18n/i18n';
import { apiErrorCode } from './api/api-error';
import { errorText } from './i18n/error-text';
import { answerUntilCleanup } from './api/answer-until-cleanup';

export interface Problem {
  id: number;
  message: string;
}

export interface AppContextValue {
  api: GenbaApi;
  connection: ConnectionSnapshot;
  status: AppStatus | null;
  info: AppInfo | null;
  language: Language;
  /** Switches at once and saves on the server; resolves false (and reverts) if saving failed. */
  setLanguage: (language: Language) => Promise<boolean>;
  problems: readonly Problem[];
  /** Show an API failure (its `message`) in the banner; lost-connection errors are left to the status bar. */
  reportError: (error: unknown) => void;
  dismissProblem: (id: number) => void;
  /** Forget every problem shown (the person at the screen changed: they were not theirs). */
  clearProblems: () => void;
}

const AppContext = createContext<AppContextValue | null>(null);

/** A hint only, so the first paint is already in the right language; the server's choice wins. */
const LANGUAGE_HINT_KEY = 'genba.language';

function readLanguageHint(): Language | null {
  try {
    const value = localStorage.getItem(LANGUAGE_HINT_KEY);
    return value === 'ja' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

function writeLanguageHint(language: Language | null): void {
  try {
    if (language) localStorage.setItem(LANGUAGE_HINT_KEY, language);
    else localStorage.removeItem(LANGUAGE_HINT_KEY);
  } catch {
    // Storage may be disabled (kiosk profiles); the server still remembers the choice.
  }
}

let nextProblemId = 1;

export function AppProvider({
  api,
  connectionStore,
  children,
}: {
  api: GenbaApi;
  connectionStore: ConnectionStore;
  children: ReactNode;
}) {
  const connection = useSyncExternalStore(connectionStore.subscribe, connectionStore.get);
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [language, setLanguageState] = useState<Language>(
    () => readLanguageHint() ?? defaultLanguage(),
  );
  const [problems, setProblems] = useState<Problem[]>([]);

  const reportError = useCallback(
    (error: unknown) => {
      if (apiErrorCode(error) === 'connection-lost') return;
      const message = errorText(language, error);
      setProblems((current) =>
        current.some((problem) => problem.message === message)
          ? current
          : [...current, { id: nextProblemId++, message }],
      );
    },
    [language],
  );

  const dismissProblem = useCallback((id: number) => {
    setProblems((current) => current.filter((problem) => problem.id !== id));
  }, []);

  const clearProblems = useCallback(() => setProblems([]), []);

  useEffect(() => api.subscribe('app.status', setStatus), [api]);

  useEffect(() => {
    if (connection.generation === 0) return;
    const cleanups = [
      answerUntilCleanup(api.invoke('app.status', {}), setStatus, reportError),
      answerUntilCleanup(api.invoke('app.info', {}), setInfo, reportError),
      answerUntilCleanup(
        api.invoke('settings.getUi', {}),
        (value) => {
          const chosen = value.language ?? defaultLanguage();
          writeLanguageHint(value.language);
          setLanguageState(chosen);
        },
        reportError,
      ),
    ];
    return () => cleanups.forEach((cleanup) => cleanup());
    // Reload only when a (re)connection happens, not when the error reporter changes language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, connection.generation]);

  const setLanguage = useCallback(
    async (next: Language) => {
      const previous = language;
      setLanguageState(next);
      try {
        const saved = await api.invoke('settings.setLanguage', { language: next });
        writeLanguageHint(saved.language);
        if (saved.language) setLanguageState(saved.language);
        return true;
      } catch (error) {
        setLanguageState(previous);
        reportError(error);
        return false;
      }
    },
    [api, language, reportError],
  );

  const value = useMemo<AppContextValue>(
    () => ({
      api,
      connection,
      status,
      info,
      language,
      setLanguage,
      problems,
      reportError,
      dismissProblem,
      clearProblems,
    }),
    [
      api,
      connection,
      status,
      info,
      language,
      setLanguage,
      problems,
      reportError,
      dismissProblem,
      clearProblems,
    ],
  );

  return (
    <AppContext value={value}>
      <LanguageProvider language={language}>{children}</LanguageProvider>
    </AppContext>
  );
}

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() must be used inside <AppProvider>.');
  return value;
}
