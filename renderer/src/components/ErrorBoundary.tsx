/**
 * Error boundaries (React still needs a class for these). A crash inside an area shows a calm
 * message with "Reload this area"; nothing technical reaches the screen. The error itself is left
 * to React's own console report for developers.
 */
import { Component, useState, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import { en } from '../i18n/en';
import { ja } from '../i18n/ja';
import { MessagePanel } from './MessagePanel';

interface BoundaryProps {
  fallback: (reset: () => void) => ReactNode;
  children: ReactNode;
}

class Boundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // React reports the error to the console already; the person sees only the fallback.
  }

  reset = () => this.setState({ failed: false });

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback(this.reset) : this.props.children;
  }
}

/** Wraps one area; "Reload this area" remounts it from scratch. */
export function AreaErrorBoundary({ children }: { children: ReactNode }) {
  const [attempt, setAttempt] = useState(0);
  return (
    <Boundary
      key={attempt}
      fallback={(reset) => (
        <AreaCrashed
          onReload={() => {
            reset();
            setAttempt((n) => n + 1);
          }}
        />
      )}
    >
      {children}
    </Boundary>
  );
}

function AreaCrashed({ onReload }: { onReload: () => void }) {
  const t = useT();
  return (
    <MessagePanel
      className="panel panel--calm crash"
      icon="info"
      iconSize={36}
      title={t('error.areaTitle')}
      headingId="crash-title"
    >
      <p className="panel__body">{t('error.areaBody')}</p>
      <button type="button" className="button button--primary" onClick={onReload}>
        {t('error.areaReload')}
      </button>
    </MessagePanel>
  );
}

/**
 * The outermost boundary sits outside every provider, so it cannot know the language: it speaks
 * both, from the dictionaries.
 */
export function AppErrorBoundary({ children }: { children: ReactNode }) {
  return (
    <Boundary
      fallback={() => (
        <main className="app-crash">
          {(
            [
              ['ja', ja],
              ['en', en],
            ] as const
          ).map(([lang, d]) => (
            <section key={lang} lang={lang} className="panel panel--calm">
              <h1 className="panel__title">{d['error.appTitle']}</h1>
              <p className="panel__body">{d['error.appBody']}</p>
            </section>
          ))}
          <button
            type="button"
            className="button button--primary"
            onClick={() => window.location.reload()}
          >
            {ja['error.appReload']} / {en['error.appReload']}
          </button>
        </main>
      )}
    >
      {children}
    </Boundary>
  );
}
