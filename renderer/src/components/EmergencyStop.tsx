/**
 * The emergency stop: a big red button that turns torque off on every joint of every robot
 * (`robots.emergencyStop`), at once, without a confirmation. A keyboard shortcut works from
 * anywhere while one is on screen: press Esc twice within a second. The outcome is announced
 * (role="alert") and stays visible until dismissed, shared by every e-stop on screen.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { GenbaApi } from '../api/contract';
import { useApp } from '../app-context';
import { useT } from '../i18n/i18n';
import { systemClockTime } from '../i18n/time-formats';
import '../styles/estop.css';

export type StopOutcome =
  | { state: 'idle' }
  | { state: 'stopping'; at: number }
  | { state: 'stopped'; at: number; robots: string[] }
  | { state: 'failed'; at: number; message: string };

let outcome: StopOutcome = { state: 'idle' };
const listeners = new Set<() => void>();

function setOutcome(next: StopOutcome): void {
  outcome = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useStopOutcome(): StopOutcome {
  return useSyncExternalStore(subscribe, () => outcome);
}

export function dismissStopOutcome(): void {
  setOutcome({ state: 'idle' });
}

/** Stops every robot now. Never throws: the outcome goes to the shared feedback. */
export async function emergencyStop(api: GenbaApi): Promise<void> {
  setOutcome({ state: 'stopping', at: Date.now() });
  try {
    const { stopped } = await api.invoke('robots.emergencyStop', {});
    setOutcome({ state: 'stopped', at: Date.now(), robots: stopped });
  } catch (error) {
    const message =
      error instanceof Error
        ? error.message
        : typeof error === 'object' && error !== null && 'message' in error
          ? String(error.message)
          : String(error);
    setOutcome({ state: 'failed', at: Date.now(), message });
  }
}

/** Esc pressed twice within this window triggers the stop. */
const DOUBLE_ESCAPE_MS = 1000;
let shortcutUsers = 0;
let shortcutApi: GenbaApi | null = null;
let lastEscape = 0;

function onKeyDown(event: KeyboardEvent): void {
  if (event.key !== 'Escape' || event.repeat || !shortcutApi) return;
  const now = performance.now();
  if (now - lastEscape <= DOUBLE_ESCAPE_MS) {
    lastEscape = 0;
    void emergencyStop(shortcutApi);
  } else {
    lastEscape = now;
  }
}

/** Installs the Esc-Esc shortcut once, however many e-stop buttons are mounted. */
function useStopShortcut(api: GenbaApi): void {
  useEffect(() => {
    shortcutApi = api;
    if (shortcutUsers++ === 0) window.addEventListener('keydown', onKeyDown, true);
    return () => {
      if (--shortcutUsers === 0) {
        window.removeEventListener('keydown', onKeyDown, true);
        shortcutApi = null;
      }
    };
  }, [api]);
}

function StopIcon({ size }: { size: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      className="icon"
    >
      <path
        d="M8.3 2h7.4L22 8.3v7.4L15.7 22H8.3L2 15.7V8.3z"
        fill="currentColor"
        stroke="#fff"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <rect x="6.5" y="10.5" width="11" height="3" rx="0.5" fill="#fff" />
    </svg>
  );
}

/**
 * `large`: the full-width bar of the care-staff overview. `header`: the robot page's header.
 * `compact`: a side or toolbar slot elsewhere in the app.
 */
export function EmergencyStopButton({
  variant = 'large',
  label,
}: {
  variant?: 'large' | 'header' | 'compact';
  /** Where the screen says more than "Emergency stop" (the lock screen: all robots). */
  label?: string;
}) {
  const t = useT();
  const { api } = useApp();
  const current = useStopOutcome();
  useStopShortcut(api);
  const busy = current.state === 'stopping';
  return (
    <div className={`estop estop--${variant}`}>
      <button
        type="button"
        className="estop__button"
        onClick={() => void emergencyStop(api)}
        aria-describedby={`estop-hint-${variant}`}
        aria-keyshortcuts="Escape Escape"
        data-testid="emergency-stop"
      >
        <StopIcon size={variant === 'large' ? 40 : 30} />
        <span className="estop__label">
          {busy ? t('estop.stopping') : (label ?? t('estop.button'))}
        </span>
      </button>
      <p id={`estop-hint-${variant}`} className="estop__hint">
        {t('estop.hint')} <kbd>Esc</kbd> <kbd>Esc</kbd>
      </p>
    </div>
  );
}

/**
 * The e-stop pinned to the top of a long page where robots move (Teach, Diagnostics): it stays in
 * view however far the page is scrolled. Place it just before the area header.
 */
export function EmergencyStopDock({ variant = 'header' }: { variant?: 'large' | 'header' }) {
  return (
    <div className={`estop-dock estop-dock--${variant}`}>
      <EmergencyStopButton variant={variant} />
    </div>
  );
}

/** The outcome of the last stop; place once per screen, near the button. */
export function EmergencyStopFeedback() {
  const t = useT();
  const current = useStopOutcome();
  return (
    <div className="estop-feedback-region" role="alert" aria-live="assertive">
      {current.state === 'stopped' || current.state === 'failed' ? (
        <div
          className={`estop-feedback estop-feedback--${current.state}`}
          data-testid="estop-feedback"
        >
          <p>
            <strong>{current.state === 'stopped' ? t('estop.stopped') : t('estop.failed')}</strong>{' '}
            <span className="estop-feedback__time">{systemClockTime(current.at)}</span>
          </p>
          <p>
            {current.state === 'stopped'
              ? current.robots.length === 0
                ? t('estop.noRobots')
                : t('estop.stoppedBody', { count: current.robots.length })
              : current.message}
          </p>
          <button type="button" className="button" onClick={dismissStopOutcome}>
            {t('estop.dismiss')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
