/**
 * Connecting a robot, for technicians: the serial ports with their adapters (unplug one to see
 * which it was), a typed path always accepted, a profile, connect; or scan a bus first, with
 * progress and cancel, and connect straight from what the scan found.
 */
import { useEffect, useRef, useState } from 'react';
import { BUS_PROTOCOLS } from '../../../../native/domain';
import type {
  BusProtocol,
  RobotSummary,
  ScanDevice,
  ScanProgress,
  SerialPortSummary,
} from '../../api/contract';
import { useApp } from '../../app-context';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/i18n';
import { PROFILE_IDS, type ProfileId } from './robot-look';
import { navigate, overviewHref, robotHref } from './robot-route';
import { useErrorText } from '../../i18n/use-error-text';

/** How long a port that disappeared (or appeared) stays highlighted. */
const HIGHLIGHT_MS = 60_000;
const BAUDS = [9_600, 57_600, 115_200, 1_000_000, 2_000_000, 3_000_000, 4_000_000];

type Marked = SerialPortSummary & { mark?: 'gone' | 'new'; markedAt?: number };

function usePorts() {
  const { api, connection, reportError } = useApp();
  const [ports, setPorts] = useState<Marked[] | null>(null);
  const known = useRef<Map<string, SerialPortSummary> | null>(null);
  const marks = useRef(
    new Map<string, { mark: 'gone' | 'new'; at: number; port: SerialPortSummary }>(),
  );

  useEffect(() => {
    const apply = (list: SerialPortSummary[]) => {
      const now = Date.now();
      const previous = known.current;
      const next = new Map(list.map((port) => [port.path, port]));
      if (previous) {
        for (const [path, port] of previous) {
          if (!next.has(path)) marks.current.set(path, { mark: 'gone', at: now, port });
        }
        for (const [path, port] of next) {
          if (!previous.has(path)) marks.current.set(path, { mark: 'new', at: now, port });
        }
      }
      known.current = next;
      for (const [path, mark] of marks.current) {
        if (now - mark.at > HIGHLIGHT_MS || (mark.mark === 'gone' && next.has(path)))
          marks.current.delete(path);
      }
      const shown: Marked[] = list.map((port) => {
        const mark = marks.current.get(port.path);
        return mark?.mark === 'new' ? { ...port, mark: 'new', markedAt: mark.at } : port;
      });
      for (const [, mark] of marks.current) {
        if (mark.mark === 'gone') shown.push({ ...mark.port, mark: 'gone', markedAt: mark.at });
      }
      setPorts(shown);
    };
    const off = api.subscribe('ports.changed', apply);
    if (connection.generation > 0) api.invoke('ports.list', {}).then(apply, reportError);
    return off;
  }, [api, connection.generation, reportError]);

  const refresh = () => api.invoke('ports.list', {}).then((list) => setPorts(list), reportError);
  return { ports, refresh };
}

export function ConnectPage({ robots }: { robots: RobotSummary[] }) {
  const describeError = useErrorText();
  const t = useT();
  const { api } = useApp();
  const { ports, refresh } = usePorts();
  const [path, setPath] = useState('');
  const [profile, setProfile] = useState<ProfileId>('openmanipulator-x');
  const [name, setName] = useState('');
  const [connecting, setConnecting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const connect = async (targetPath: string, profileId: ProfileId) => {
    if (!targetPath.trim()) {
      setError(t('robots.connect.needPath'));
      return;
    }
    setConnecting(true);
    setError(null);
    try {
      const robot = await api.invoke('robots.connect', {
        path: targetPath.trim(),
        profileId,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      navigate(robotHref(robot.id));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setConnecting(false);
    }
  };

  const robotName = (id: string | undefined) => robots.find((robot) => robot.id === id)?.name ?? id;

  return (
    <div className="connect-page">
      <a className="back-link" href={overviewHref}>
        <span aria-hidden="true">←</span> {t('robots.page.back')}
      </a>
      <header className="area-header">
        <div>
          <h1 id="robots-page-heading" className="area-header__title" tabIndex={-1}>
            {t('robots.connect.title')}
          </h1>
          <p className="area-header__intro">{t('robots.connect.intro')}</p>
        </div>
      </header>

      <section className="card connect-section" aria-labelledby="ports-title">
        <div className="panel-heading">
          <h2 id="ports-title" className="section-title">
            {t('robots.connect.ports')}
          </h2>
          <button type="button" className="button button--small" onClick={() => void refresh()}>
            {t('robots.connect.refresh')}
          </button>
        </div>
        <p className="section-help">{t('robots.connect.unplugHint')}</p>
        {ports === null ? (
          <p className="loading">{t('robots.connect.looking')}</p>
        ) : ports.length === 0 ? (
          <p className="hint">{t('robots.connect.noPorts')}</p>
        ) : (
          <ul className="port-list" data-testid="port-list" aria-live="polite">
            {ports.map((port) => (
              <li key={`${port.path}-${port.mark ?? ''}`}>
                <label
                  className={`port port--${port.mark ?? 'plain'}${path === port.path ? ' port--chosen' : ''}`}
                  data-path={port.path}
                  data-mark={port.mark ?? ''}
                >
                  <input
                    type="radio"
                    name="port"
                    value={port.path}
                    checked={path === port.path}
                    disabled={port.mark === 'gone'}
                    onChange={() => setPath(port.path)}
                  />
                  <span className="port__main">
                    <span className="port__path mono">{port.path}</span>
                    <span className="port__adapter">
                      {port.adapterName ?? t('robots.connect.unknownAdapter')}
                      {port.vendorId && port.productId ? (
                        <span className="port__ids mono">
                          {' '}
                          {port.vendorId}:{port.productId}
                        </span>
                      ) : null}
                    </span>
                    {port.serialNumber ? (
                      <span className="port__detail">
                        {t('robots.connect.serial', { serial: port.serialNumber })}
                      </span>
                    ) : null}
                  </span>
                  <span className="port__tags">
                    {port.source === 'demo' ? (
                      <span className="tag">{t('robots.connect.demoPort')}</span>
                    ) : null}
                    {port.inUseBy ? (
                      <span className="tag tag--info">
                        {t('robots.connect.inUse', { name: robotName(port.inUseBy) ?? '' })}
                      </span>
                    ) : null}
                    {port.mark === 'gone' ? (
                      <span className="tag tag--warn">
                        <Icon name="plug" size={16} /> {t('robots.connect.unplugged')}
                      </span>
                    ) : port.mark === 'new' ? (
                      <span className="tag tag--ok">
                        <Icon name="plug" size={16} /> {t('robots.connect.pluggedIn')}
                      </span>
                    ) : null}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <div className="field">
          <label htmlFor="port-path">{t('robots.connect.path')}</label>
          <input
            id="port-path"
            className="text-input mono"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            placeholder={t('robots.connect.pathPlaceholder')}
            spellCheck={false}
            autoComplete="off"
            data-testid="port-path"
          />
          <p className="field__help">{t('robots.connect.pathHelp')}</p>
        </div>
      </section>

      <section className="card connect-section" aria-labelledby="profile-title">
        <h2 id="profile-title" className="section-title">
          {t('robots.connect.profile')}
        </h2>
        <div className="choices" role="radiogroup" aria-labelledby="profile-title">
          {PROFILE_IDS.map((id) => (
            <label key={id} className="choice">
              <input
                type="radio"
                name="profile"
                value={id}
                checked={profile === id}
                onChange={() => setProfile(id)}
              />
              <span className="choice__mark" aria-hidden="true" />
              <span>
                <strong>{t(`robots.profile.${id}`)}</strong>
                <br />
                <span className="muted">{t(`robots.profileHelp.${id}`)}</span>
              </span>
            </label>
          ))}
        </div>
        <div className="field">
          <label htmlFor="robot-name">{t('robots.connect.name')}</label>
          <input
            id="robot-name"
            className="text-input"
            value={name}
            maxLength={80}
            onChange={(event) => setName(event.target.value)}
            placeholder={t('robots.connect.namePlaceholder')}
          />
        </div>
        <button
          type="button"
          className="button button--primary"
          disabled={connecting}
          onClick={() => void connect(path, profile)}
          data-testid="connect-button"
        >
          <Icon name="link" size={22} />
          {connecting ? t('robots.connect.connecting') : t('robots.connect.connect')}
        </button>
        {error ? (
          <p className="action-status__failed" role="alert">
            <Icon name="alert" size={20} />
            <span>{error}</span>
          </p>
        ) : null}
      </section>

      <ScanSection
        path={path}
        onConnect={(scannedPath, profileId) => void connect(scannedPath, profileId)}
        connecting={connecting}
      />
    </div>
  );
}

function profileFor(device: ScanDevice): ProfileId | null {
  if (device.protocol === 'dynamixel2' && /XM430/i.test(device.model)) return 'openmanipulator-x';
  if (device.protocol === 'modbus-rtu' && /robotiq|2F/i.test(device.model)) return 'robotiq-2f85';
  return null;
}

function ScanSection({
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
  const { api } = useApp();
  const [protocols, setProtocols] = useState<BusProtocol[]>([...BUS_PROTOCOLS]);
  const [bauds, setBauds] = useState<number[]>([]);
  const [scanId, setScanId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ScanProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
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

  const running = scanId !== null && (progress === null || progress.state === 'running');

  const start = async () => {
    if (!path.trim()) {
      setError(t('robots.connect.needPath'));
      return;
    }
    setError(null);
    setProgress(null);
    try {
      const { scanId: id } = await api.invoke('bus.scan', {
        path: path.trim(),
        protocols,
        ...(bauds.length ? { bauds } : {}),
      });
      scanIdRef.current = id;
      setScanId(id);
      setProgress(latest.current.get(id) ?? null);
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  const cancel = () => {
    if (scanId)
      api
        .invoke('bus.cancelScan', { scanId })
        .catch((failure: unknown) => setError(describeError(failure)));
  };

  const groups = new Map<
    string,
    { protocol: BusProtocol; baud: number; model: string; ids: number[] }
  >();
  for (const device of progress?.found ?? []) {
    const key = `${device.protocol}|${device.baud}|${device.model}`;
    const group = groups.get(key) ?? {
      protocol: device.protocol,
      baud: device.baud,
      model: device.model,
      ids: [],
    };
    group.ids.push(device.id);
    groups.set(key, group);
  }
  const byBaud = new Map<string, (typeof groups extends Map<string, infer G> ? G : never)[]>();
  for (const group of groups.values()) {
    const key = `${group.protocol}|${group.baud}`;
    byBaud.set(key, [...(byBaud.get(key) ?? []), group]);
  }

  const percent =
    progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;

  return (
    <section className="card connect-section" aria-labelledby="scan-title">
      <h2 id="scan-title" className="section-title">
        {t('robots.scan.title')}
      </h2>
      <p className="section-help">{t('robots.scan.help')}</p>
      <fieldset className="scan-options">
        <legend>{t('robots.scan.protocols')}</legend>
        {BUS_PROTOCOLS.map((protocol) => (
          <label key={protocol} className="check check--inline">
            <input
              type="checkbox"
              checked={protocols.includes(protocol)}
              disabled={running || (protocols.length === 1 && protocols.includes(protocol))}
              onChange={(event) =>
                setProtocols((current) =>
                  event.target.checked
                    ? [...current, protocol]
                    : current.filter((p) => p !== protocol),
                )
              }
            />
            <span>{t(`robots.protocol.${protocol}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="scan-options">
        <legend>{t('robots.scan.bauds')}</legend>
        {BAUDS.map((baud) => (
          <label key={baud} className="check check--inline">
            <input
              type="checkbox"
              checked={bauds.includes(baud)}
              disabled={running}
              onChange={(event) =>
                setBauds((current) =>
                  event.target.checked ? [...current, baud] : current.filter((b) => b !== baud),
                )
              }
            />
            <span className="num">{baud.toLocaleString()}</span>
          </label>
        ))}
        <p className="field__help">{t('robots.scan.baudsHelp')}</p>
      </fieldset>
      <div className="scan-actions">
        {running ? (
          <button type="button" className="button" onClick={cancel} data-testid="scan-cancel">
            {t('robots.scan.cancel')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void start()}
            data-testid="scan-start"
          >
            <Icon name="search" size={22} />
            {t('robots.scan.start', { path: path.trim() || '—' })}
          </button>
        )}
      </div>
      {error ? (
        <p className="action-status__failed" role="alert">
          <Icon name="alert" size={20} />
          <span>{error}</span>
        </p>
      ) : null}
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
                  : t('robots.scan.failed', { error: progress.error ?? '' })}
          </p>
        </div>
      ) : null}
      {byBaud.size > 0 ? (
        <div className="scan-results" data-testid="scan-results">
          {[...byBaud.entries()].map(([key, models]) => {
            const first = models[0];
            if (!first) return null;
            return (
              <section key={key} className="scan-group">
                <h3 className="scan-group__title">
                  {t(`robots.protocol.${first.protocol}`)} ·{' '}
                  {t('robots.scan.baud', { baud: first.baud.toLocaleString() })}
                </h3>
                <ul>
                  {models.map((group) => {
                    const profile = profileFor({
                      protocol: group.protocol,
                      id: group.ids[0] ?? 0,
                      baud: group.baud,
                      model: group.model,
                    });
                    return (
                      <li key={group.model} className="scan-device">
                        <span>
                          <strong>{group.model}</strong> × {group.ids.length}
                          <br />
                          <span className="muted">
                            {t('robots.scan.ids', {
                              ids: [...group.ids].sort((a, b) => a - b).join(', '),
                            })}
                          </span>
                        </span>
                        {profile ? (
                          <button
                            type="button"
                            className="button button--primary button--small"
                            disabled={connecting}
                            onClick={() => onConnect(progress?.path ?? path, profile)}
                            data-testid="scan-connect"
                          >
                            {t('robots.scan.connectAs', {
                              profile: t(`robots.profile.${profile}`),
                            })}
                          </button>
                        ) : (
                          <span className="muted">{t('robots.scan.noProfile')}</span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
