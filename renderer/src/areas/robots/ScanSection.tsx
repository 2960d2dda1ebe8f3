/**
 * Scanning a bus before connecting: which protocols and baud rates to try, progress with cancel,
 * and what was found, grouped, with "connect as" for the models Genba has a profile for.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { BUS_PROTOCOLS } from '../../../../native/domain';
import type { BusProtocol, ScanProgress } from '../../api/contract';
import { useApp } from '../../app-context';
import { ErrorNote } from '../../components/ErrorNote';
import { CheckOption } from '../../components/CheckOption';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/i18n';
import { useErrorText } from '../../i18n/use-error-text';
import type { ProfileId } from './profile-ids';
import { groupScanResults } from './scan-results';
import { ScanFound } from './ScanFound';
import { Panel } from '../../components/Panel';

const BAUDS = [9_600, 57_600, 115_200, 1_000_000, 2_000_000, 3_000_000, 4_000_000];

function CheckList<T extends string | number>({
  legend,
  items,
  chosen,
  onChange,
  disabled,
  label,
  children,
}: {
  legend: string;
  items: readonly T[];
  chosen: readonly T[];
  onChange: (next: T[]) => void;
  disabled: (item: T) => boolean;
  label: (item: T) => ReactNode;
  children?: ReactNode;
}) {
  return (
    <fieldset className="scan-options">
      <legend>{legend}</legend>
      {items.map((item) => (
        <CheckOption
          key={item}
          checked={chosen.includes(item)}
          disabled={disabled(item)}
          onChecked={(on) => onChange(on ? [...chosen, item] : chosen.filter((x) => x !== item))}
        >
          {label(item)}
        </CheckOption>
      ))}
      {children}
    </fieldset>
  );
}

/** The scan's progress: the latest update of the scan this section started. */
function useScan(onError: (error: unknown) => void) {
  const { api } = useApp();
  const [scanId, setScanId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ScanProgress | null>(null);
  const scanIdRef = useRef<string | null>(null);
  // Progress can arrive before `bus.scan` has answered with its id: keep the latest of each.
  const latest = useRef(new Map<string, ScanProgress>());

  useEffect(
    () =>
      api.subscribe('bus.scanProgress', (update) => {
        latest.current.set(update.scanId, update);
        if (update.scanId === scanIdRef.current) setProgress(update);
      }),
    [api],
  );

  const start = async (args: { path: string; protocols: BusProtocol[]; bauds?: number[] }) => {
    setProgress(null);
    try {
      const { scanId: id } = await api.invoke('bus.scan', args);
      scanIdRef.current = id;
      setScanId(id);
      setProgress(latest.current.get(id) ?? null);
    } catch (failure) {
      onError(failure);
    }
  };
  const cancel = () => {
    if (scanId) api.invoke('bus.cancelScan', { scanId }).catch(onError);
  };
  const running = scanId !== null && (progress === null || progress.state === 'running');
  return { progress, running, start, cancel };
}

export function ScanSection({
  path,
  onConnect,
  connecting,
}: {
  path: string;
  onConnect: (path: string, profile: ProfileId) => void;
  connecting: boolean;
}) {
  const describeError = useErrorText();
  const t = useT();
  const [protocols, setProtocols] = useState<BusProtocol[]>([...BUS_PROTOCOLS]);
  const [bauds, setBauds] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { progress, running, start, cancel } = useScan((failure) =>
    setError(describeError(failure)),
  );

  const onStart = () => {
    if (!path.trim()) {
      setError(t('robots.connect.needPath'));
      return;
    }
    setError(null);
    void start({ path: path.trim(), protocols, ...(bauds.length ? { bauds } : {}) });
  };

  const byBaud = groupScanResults(progress?.found ?? []);
  const percent =
    progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;

  return (
    <Panel title={t('robots.scan.title')} className="card connect-section" headingId="scan-title">
      <p className="section-help">{t('robots.scan.help')}</p>
      <CheckList
        legend={t('robots.scan.protocols')}
        items={BUS_PROTOCOLS}
        chosen={protocols}
        onChange={setProtocols}
        disabled={(protocol) => running || (protocols.length === 1 && protocols.includes(protocol))}
        label={(protocol) => <span>{t(`robots.protocol.${protocol}`)}</span>}
      />
      <CheckList
        legend={t('robots.scan.bauds')}
        items={BAUDS}
        chosen={bauds}
        onChange={setBauds}
        disabled={() => running}
        label={(baud) => <span className="num">{baud.toLocaleString()}</span>}
      >
        <p className="field__help">{t('robots.scan.baudsHelp')}</p>
      </CheckList>
      <div className="scan-actions">
        {running ? (
          <button type="button" className="button" onClick={cancel} data-testid="scan-cancel">
            {t('robots.scan.cancel')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={onStart}
            data-testid="scan-start"
          >
            <Icon name="search" size={22} />
            {t('robots.scan.start', { path: path.trim() || '—' })}
          </button>
        )}
      </div>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {progress ? (
        <div className="scan-progress" data-testid="scan-progress" data-state={progress.state}>
          <progress
            max={progress.total || 1}
            value={progress.done}
            aria-label={t('robots.scan.progress')}
          />
          <p aria-live="polite">
            {progress.state === 'running'
              ? t('robots.scan.running', {
                  done: progress.done,
                  total: progress.total,
                  percent,
                  what: progress.protocol ? t(`robots.protocol.${progress.protocol}`) : '',
                  baud: progress.baud?.toLocaleString() ?? '—',
                })
              : progress.state === 'finished'
                ? t('robots.scan.finished', { count: progress.found.length })
                : progress.state === 'cancelled'
                  ? t('robots.scan.cancelled', { count: progress.found.length })
                  : progress.failure
                    ? t(`robots.scan.failure.${progress.failure}`, {
                        count: progress.found.length,
                      })
                    : t('robots.scan.failed', { error: progress.error ?? '' })}
          </p>
          {progress.failure && progress.error ? (
            <p className="scan__detail">
              {t('robots.scan.failureDetail', { error: progress.error })}
            </p>
          ) : null}
        </div>
      ) : null}
      {byBaud.size > 0 ? (
        <ScanFound
          byBaud={byBaud}
          connecting={connecting}
          onConnect={(profile) => onConnect(progress?.path ?? path, profile)}
        />
      ) : null}
    </Panel>
  );
}
