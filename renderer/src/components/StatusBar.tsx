/** The status bar on every screen: API connection, network, database, robots, demo. Live. */
import { useApp } from '../app-context';
import { useT, type MessageKey } from '../i18n/i18n';
import type { ConnectionState } from '../connection';
import { Icon, type IconName } from './Icon';

type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

const CONNECTION: Record<ConnectionState, { key: MessageKey; tone: Tone }> = {
  connecting: { key: 'status.connecting', tone: 'neutral' },
  connected: { key: 'status.connected', tone: 'ok' },
  reconnecting: { key: 'status.reconnecting', tone: 'warn' },
  unreachable: { key: 'status.unreachable', tone: 'bad' },
};

function Item({
  icon,
  label,
  value,
  tone,
  detail,
  name,
}: {
  icon: IconName;
  label: string;
  value: string;
  tone: Tone;
  detail?: string | undefined;
  name: string;
}) {
  return (
    <li className={`status-item status-item--${tone}`} data-status={name} data-tone={tone}>
      <Icon name={icon} size={20} />
      <span className="status-item__label">{label}</span>
      <span className="status-item__value">
        <span className="status-dot" aria-hidden="true" />
        {value}
        {detail ? (
          <span className="status-item__detail" title={detail}>
            {detail}
          </span>
        ) : null}
      </span>
    </li>
  );
}

export function StatusBar() {
  const t = useT();
  const app = useApp();
  const { connection } = app;
  // Without a live connection the last values may be stale: show them as unknown, except DEMO.
  const status = connection.state === 'connected' ? app.status : null;
  const conn = CONNECTION[connection.state];
  const database = status?.database;

  let dbValue = t('status.unknown');
  let dbTone: Tone = 'neutral';
  let dbDetail: string | undefined;
  if (database) {
    const schema = t('status.schema', { version: database.schemaVersion });
    if (database.storage.state !== 'ok') {
      dbValue = t(
        database.storage.state === 'disk_full'
          ? 'status.databaseDiskFull'
          : 'status.databaseIoError',
      );
      dbTone = 'bad';
      dbDetail = database.storage.volume;
    } else if (database.state === 'ok') {
      dbValue = t('status.databaseOk');
      dbTone = 'ok';
      dbDetail = schema;
    } else if (database.state === 'read-only') {
      dbValue = t('status.databaseReadOnly');
      dbTone = 'warn';
      dbDetail = database.message ? `${schema} · ${database.message}` : schema;
    } else {
      dbValue = t('status.databaseError');
      dbTone = 'bad';
      dbDetail = database.message ?? schema;
    }
  }

  const robots = status?.robots;
  const robotsTone: Tone = !robots
    ? 'neutral'
    : robots.total > 0 && robots.connected === robots.total
      ? 'ok'
      : robots.connected < robots.total
        ? 'warn'
        : 'neutral';

  return (
    <footer className="status-bar" role="status" aria-live="polite" aria-label={t('status.label')}>
      <ul className="status-bar__list">
        <Item
          name="connection"
          icon="link"
          label={t('status.connection')}
          value={t(conn.key)}
          tone={conn.tone}
        />
        <Item
          name="network"
          icon={status && !status.online ? 'offline' : 'sync'}
          label={t('status.network')}
          value={
            status ? t(status.online ? 'status.online' : 'status.offline') : t('status.unknown')
          }
          tone={status ? (status.online ? 'ok' : 'neutral') : 'neutral'}
        />
        <Item
          name="robots"
          icon="robots"
          label={t('status.robots')}
          value={
            robots
              ? t('status.robotsCount', { connected: robots.connected, total: robots.total })
              : t('status.unknown')
          }
          tone={robotsTone}
        />
        <Item
          name="database"
          icon="database"
          label={t('status.database')}
          value={dbValue}
          tone={dbTone}
          detail={dbDetail}
        />
      </ul>
      {app.status?.demo ? (
        <span className="demo-badge" data-status="demo" title={t('status.demoHint')}>
          {t('status.demo')}
          <span className="visually-hidden">{t('status.demoHint')}</span>
        </span>
      ) : null}
    </footer>
  );
}
