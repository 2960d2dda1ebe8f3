/**
 * The serial ports with their adapters (unplug one to see which it was) and the path field: a
 * listed port fills it, and a typed path is always accepted.
 */
import type { RobotSummary } from '../../api/contract';
import { Icon } from '../../components/Icon';
import { FieldRow } from '../../components/LabelledField';
import { Panel } from '../../components/Panel';
import { TextEntry } from '../../components/TextEntry';
import { useLanguage, useT } from '../../i18n/i18n';
import type { MarkedPort } from './port-marks';
import { LoadingNote } from '../../components/LoadingNote';

function PortTags({ port, inUseName }: { port: MarkedPort; inUseName: string | undefined }) {
  const t = useT();
  return (
    <span className="port__tags">
      {port.source === 'demo' ? <span className="tag">{t('robots.connect.demoPort')}</span> : null}
      {port.inUseBy ? (
        <span className="tag tag--info">
          {t('robots.connect.inUse', { name: inUseName ?? '' })}
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
  );
}

export function PortsSection({
  ports,
  robots,
  path,
  onPath,
  onRefresh,
}: {
  ports: MarkedPort[] | null;
  robots: RobotSummary[];
  path: string;
  onPath: (path: string) => void;
  onRefresh: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const robotName = (id: string | undefined) => robots.find((robot) => robot.id === id)?.name ?? id;
  return (
    <Panel
      title={t('robots.connect.ports')}
      className="card connect-section"
      headingId="ports-title"
      headClassName="panel-heading"
      beside={
        <button type="button" className="button button--small" onClick={onRefresh}>
          {t('robots.connect.refresh')}
        </button>
      }
    >
      <p className="section-help">{t('robots.connect.unplugHint')}</p>
      {ports === null ? (
        <LoadingNote>{t('robots.connect.looking')}</LoadingNote>
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
                  onChange={() => onPath(port.path)}
                />
                <span className="port__main">
                  <span className="port__path mono">{port.path}</span>
                  <span className="port__adapter">
                    {port.simulates
                      ? t('robots.connect.simulatedAdapter', { name: port.simulates[language] })
                      : (port.adapterName ?? t('robots.connect.unknownAdapter'))}
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
                <PortTags port={port} inUseName={robotName(port.inUseBy)} />
              </label>
            </li>
          ))}
        </ul>
      )}
      <FieldRow controlId="port-path" label={t('robots.connect.path')}>
        <TextEntry
          id="port-path"
          className="text-input mono"
          value={path}
          onValue={onPath}
          placeholder={t('robots.connect.pathPlaceholder')}
          data-testid="port-path"
        />
        <p className="field__help">{t('robots.connect.pathHelp')}</p>
      </FieldRow>
    </Panel>
  );
}
