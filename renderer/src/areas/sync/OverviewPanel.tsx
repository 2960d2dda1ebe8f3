/** Sync status: state in plain words, connection, last upload, queue per category, pause, upstream server and bandwidth. */
import { useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../api/contract';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { Icon } from '../../components/Icon';
import { useT, type MessageKey } from '../../i18n/i18n';
import { useFormats, type SyncStatusProps } from './sync-data';
import { Panel } from '../../components/Panel';
import { LabelledField } from '../../components/LabelledField';
import { TextEntry } from '../../components/TextEntry';
import { SelectField } from '../../components/SelectField';
import { SyncTable, type SyncColumn } from './SyncTable';
import { LoadingNote } from '../../components/LoadingNote';

const TONE: Record<SyncStatus['state'], 'ok' | 'active' | 'warn' | 'bad' | 'neutral'> = {
  starting: 'neutral',
  idle: 'ok',
  uploading: 'active',
  waiting: 'warn',
  paused: 'neutral',
  offline: 'warn',
  'not-configured': 'neutral',
  unauthorized: 'bad',
};

/** Bytes per second; 0 = no cap. */
const BANDWIDTH_CHOICES = [0, 10_000_000, 1_000_000, 250_000, 125_000, 32_000];

const QUEUE_COLUMNS: readonly SyncColumn[] = [
  { title: 'sync.col.category' },
  { title: 'sync.col.donating' },
  { title: 'sync.col.queued', numeric: true },
  { title: 'sync.col.size', numeric: true },
  { title: 'sync.col.held', numeric: true },
  { title: 'sync.col.withheld', numeric: true },
];

export function OverviewPanel({ status, setStatus }: SyncStatusProps) {
  const t = useT();
  const f = useFormats();
  const { api, reportError } = useApp();
  const { can } = useAuth();
  const [busy, setBusy] = useState(false);
  if (!status) return <LoadingNote>{t('sync.loading')}</LoadingNote>;

  const act = (run: () => Promise<SyncStatus>) => {
    setBusy(true);
    run()
      .then(setStatus, reportError)
      .finally(() => setBusy(false));
  };
  const tone = TONE[status.state];
  // "Not set up" is said by the state itself; other problems say what failed and what happens next.
  const problem =
    status.problem && status.state !== 'not-configured' ? status.problem[f.language] : null;
  const retrying = status.state === 'waiting' || status.state === 'offline';

  return (
    <div className="sync-overview">
      <section
        className={`panel sync-state sync-state--${tone}`}
        aria-labelledby="sync-state-title"
        data-state={status.state}
      >
        <div className="sync-state__head">
          <span className={`state-pill state-pill--${tone}`} id="sync-state-title">
            <Icon name={status.online ? 'sync' : 'offline'} size={22} />
            {t(`sync.state.${status.state}` satisfies MessageKey)}
          </span>
          {can('sync.pause') ? (
            status.paused ? (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => act(() => api.invoke('sync.resume', {}))}
              >
                <Icon name="play" size={22} />
                {t('sync.resume')}
              </button>
            ) : (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => act(() => api.invoke('sync.pause', {}))}
              >
                {t('sync.pause')}
              </button>
            )
          ) : null}
        </div>
        <p className="sync-state__help">
          {t(`sync.stateHelp.${status.state}` satisfies MessageKey)}
        </p>
        {problem ? (
          <div className="attention sync-problem" role="alert">
            <Icon name="alert" size={22} />
            <p>
              <strong>{t('sync.problemTitle')}: </strong>
              {problem}
            </p>
          </div>
        ) : null}
        <dl className="sync-facts">
          <div>
            <dt>{t('sync.connection')}</dt>
            <dd data-sync="online" data-online={status.online}>
              {status.online ? t('sync.online') : t('sync.offline')}
            </dd>
          </div>
          <div>
            <dt>{t('sync.networkLink')}</dt>
            <dd>{status.networkLink ? t('sync.linkUp') : t('sync.linkDown')}</dd>
          </div>
          <div>
            <dt>{t('sync.endpointReach')}</dt>
            <dd>
              {status.endpointReachable === null
                ? t('sync.notChecked')
                : status.endpointReachable
                  ? t('sync.reachable')
                  : t('sync.unreachable')}
            </dd>
          </div>
          <div>
            <dt>{t('sync.lastUpload')}</dt>
            <dd data-sync="last-upload">
              {status.lastUpload
                ? t('sync.lastUploadValue', {
                    when: f.when(status.lastUpload.finishedMs),
                    records: f.count(status.lastUpload.records),
                  })
                : t('sync.never')}
            </dd>
          </div>
          {status.nextAttemptMs && retrying ? (
            <div>
              <dt>{t('sync.nextAttempt')}</dt>
              <dd>{f.when(status.nextAttemptMs)}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <QueueTable status={status} />

      {can('sync.setEndpoint') ? (
        <>
          <EndpointForm status={status} setStatus={setStatus} />
          <BandwidthForm status={status} setStatus={setStatus} />
        </>
      ) : (
        <p className="section-help">{t('sync.adminOnly')}</p>
      )}
    </div>
  );
}

function QueueTable({ status }: { status: SyncStatus }) {
  const t = useT();
  const f = useFormats();
  return (
    <Panel title={t('sync.queueTitle')} className="panel" headingId="sync-queue-title">
      <SyncTable columns={QUEUE_COLUMNS}>
        {status.queue.map((q) => (
          <tr key={q.category} data-category={q.category}>
            <th scope="row">{q.label[f.language]}</th>
            <td>
              <span className={`tag ${q.enabled ? 'tag--on' : ''}`}>
                {q.enabled ? t('sync.on') : t('sync.off')}
              </span>
            </td>
            <td className="num" data-queued={q.records}>
              {f.count(q.records)}
            </td>
            <td className="num">{f.bytes(q.bytes)}</td>
            <td className="num">{f.count(q.held)}</td>
            <td className="num">{f.count(q.withheld)}</td>
          </tr>
        ))}
      </SyncTable>
      <p className="section-help">{t('sync.queueHelp')}</p>
    </Panel>
  );
}

function EndpointForm({ status, setStatus }: SyncStatusProps<SyncStatus>) {
  const t = useT();
  const { api, reportError } = useApp();
  const [url, setUrl] = useState(status.endpoint?.url ?? '');
  const [token, setToken] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    api
      .invoke('sync.setEndpoint', { url, ...(token.trim() ? { token: token.trim() } : {}) })
      .then((next) => {
        setStatus(next);
        setToken('');
        setSaved(true);
      }, reportError)
      .finally(() => setBusy(false));
  };
  return (
    <Panel title={t('sync.settingsTitle')} className="panel" headingId="sync-endpoint-title">
      <form className="sync-form" onSubmit={submit}>
        <LabelledField className="sync-field" label={t('sync.endpointUrl')}>
          <TextEntry type="url" required inputMode="url" value={url} onValue={setUrl} />
        </LabelledField>
        <LabelledField className="sync-field" label={t('sync.endpointToken')}>
          <input
            type="password"
            autoComplete="off"
            value={token}
            required={!status.endpoint?.tokenSet}
            onChange={(event) => setToken(event.target.value)}
          />
          <small>{status.endpoint?.tokenSet ? t('sync.tokenSet') : t('sync.tokenMissing')}</small>
        </LabelledField>
        <div className="sync-form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('sync.saveEndpoint')}
          </button>
          {saved ? (
            <p role="status" className="sync-saved">
              <Icon name="check" size={20} />
              {t('sync.endpointSaved')}
            </p>
          ) : null}
        </div>
      </form>
    </Panel>
  );
}

function BandwidthForm({ status, setStatus }: SyncStatusProps<SyncStatus>) {
  const t = useT();
  const f = useFormats();
  const { api, reportError } = useApp();
  const current = status.bandwidthBytesPerSecond;
  const choices = BANDWIDTH_CHOICES.includes(current)
    ? BANDWIDTH_CHOICES
    : [...BANDWIDTH_CHOICES, current];
  const [value, setValue] = useState(current);
  const label = (n: number) =>
    n === 0 ? t('sync.bandwidth.none') : t('sync.bandwidth.value', { value: f.bytes(n) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api.invoke('sync.setBandwidth', { bytesPerSecond: value }).then(setStatus, reportError);
  };
  return (
    <Panel title={t('sync.bandwidthTitle')} className="panel" headingId="sync-bandwidth-title">
      <p className="section-help">{t('sync.bandwidthHelp')}</p>
      <form className="sync-form sync-form--row" onSubmit={submit}>
        <SelectField
          className="sync-field"
          label={t('sync.bandwidth')}
          value={value}
          options={choices}
          optionLabel={label}
          onValue={setValue}
        />
        <button type="submit" className="button" disabled={value === current}>
          {t('sync.saveBandwidth')}
        </button>
      </form>
    </Panel>
  );
}
