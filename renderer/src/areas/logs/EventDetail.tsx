/** The selected event in full, with a way to see the telemetry around it. */
import type { LogEvent } from '../../api/contract';
import { useEventText } from '../../i18n/event-text';
import { useT } from '../../i18n/i18n';

export type SelectedEvent = Pick<
  LogEvent,
  'id' | 'tMs' | 'robotId' | 'kind' | 'severity' | 'text' | 'message'
> & {
  user?: string | null;
};

export function EventDetail({
  selected,
  robotName,
  formatTime,
  onShowAround,
}: {
  selected: SelectedEvent | null;
  robotName: (id: string | null) => string;
  formatTime: (ms: number) => string;
  onShowAround: (event: SelectedEvent) => void;
}) {
  const t = useT();
  const eventText = useEventText();
  return (
    <aside className="logs-section logs-detail" aria-labelledby="detail-title">
      {selected ? (
        <>
          <h2 id="detail-title" className="logs-section__title">
            {t('logs.detailTitle', { id: selected.id })}
          </h2>
          <dl className="facts logs-detail__facts" data-event-id={selected.id}>
            <dt>{t('logs.time')}</dt>
            <dd>{formatTime(selected.tMs)}</dd>
            <dt>{t('logs.severity')}</dt>
            <dd>
              <span className={`severity severity--${selected.severity}`}>
                {t(`logs.severity.${selected.severity}`)}
              </span>
            </dd>
            <dt>{t('logs.kind')}</dt>
            <dd>{t(`logs.kind.${selected.kind}`)}</dd>
            <dt>{t('logs.robot')}</dt>
            <dd>{robotName(selected.robotId)}</dd>
            {selected.user ? (
              <>
                <dt>{t('logs.user')}</dt>
                <dd>{selected.user}</dd>
              </>
            ) : null}
          </dl>
          <p className="logs-detail__text">{eventText(selected)}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => onShowAround(selected)}
          >
            {t('logs.showAround')}
          </button>
        </>
      ) : (
        <p id="detail-title" className="section-help">
          {t('logs.noSelection')}
        </p>
      )}
    </aside>
  );
}
