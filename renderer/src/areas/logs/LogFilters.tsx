/** The filter bar of the Logs area: range (presets or custom), robot, search, severity and kind chips. */
import type { EventKind } from '../../api/contract';
import { SEVERITIES } from '../../../../native/domain';
import { Icon } from '../../components/Icon';
import { SelectField } from '../../components/SelectField';
import { TextEntry } from '../../components/TextEntry';
import { useT } from '../../i18n/i18n';
import type { LogFilterState } from './use-log-filters';
import { PRESETS, fromLocalInput, toLocalInput } from './time-range';

/** Worst first. */
const SEVERITIES_SHOWN = [...SEVERITIES].reverse();
const KINDS: readonly EventKind[] = [
  'fault',
  'alert',
  'state',
  'connection',
  'task',
  'operator',
  'system',
];

export function LogFilters({
  filters,
  robotIds,
  robotName,
  onPresetChosen,
  formatMinute,
}: {
  filters: LogFilterState;
  robotIds: string[];
  robotName: (id: string | null) => string;
  /** A preset is relative to the moment it is chosen. */
  onPresetChosen: () => void;
  formatMinute: (ms: number) => string;
}) {
  const t = useT();
  const { preset, custom, range, draft } = filters;
  return (
    <section className="logs-filters" aria-label={t('logs.range')}>
      <div className="logs-filters__row">
        <SelectField
          className="field"
          label={t('logs.range')}
          value={preset}
          options={PRESETS}
          optionLabel={(p) => t(`logs.preset.${p}`)}
          onValue={(p) => {
            onPresetChosen();
            filters.choosePreset(p);
          }}
        />
        {preset === 'custom' ? (
          <>
            <label className="field">
              <span>{t('logs.from')}</span>
              <input
                type="datetime-local"
                value={toLocalInput(custom.fromMs)}
                onChange={(e) => {
                  const ms = fromLocalInput(e.target.value);
                  if (ms !== null && ms < custom.toMs) filters.setCustom({ ...custom, fromMs: ms });
                }}
              />
            </label>
            <label className="field">
              <span>{t('logs.to')}</span>
              <input
                type="datetime-local"
                value={toLocalInput(custom.toMs)}
                onChange={(e) => {
                  const ms = fromLocalInput(e.target.value);
                  if (ms !== null && ms > custom.fromMs) filters.setCustom({ ...custom, toMs: ms });
                }}
              />
            </label>
          </>
        ) : null}
        <SelectField
          className="field"
          label={t('logs.filterRobot')}
          value={filters.robotId}
          none={t('logs.allRobots')}
          options={robotIds}
          optionLabel={robotName}
          onValue={filters.setRobotId}
        />
        <form
          className="search logs-search"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            filters.searchNow();
          }}
        >
          <label htmlFor="log-search" className="search__label">
            {t('logs.searchLabel')}
          </label>
          <div className="search__row">
            <span
              className="search__field"
              onClick={(event) => event.currentTarget.querySelector('input')?.focus()}
            >
              <Icon name="search" size={20} />
              <TextEntry
                id="log-search"
                type="search"
                value={draft}
                onValue={filters.setDraft}
                placeholder={t('logs.searchPlaceholder')}
                maxLength={200}
              />
            </span>
            {draft ? (
              <button type="button" className="button" onClick={filters.clearSearch}>
                {t('logs.clear')}
              </button>
            ) : null}
          </div>
        </form>
      </div>
      <div className="logs-filters__row">
        <div className="chips" role="group" aria-label={t('logs.filterSeverity')}>
          <span className="chips__label">{t('logs.filterSeverity')}</span>
          {SEVERITIES_SHOWN.map((s) => (
            <button
              key={s}
              type="button"
              className={`chip chip--${s}`}
              aria-pressed={filters.severities.includes(s)}
              onClick={() => filters.toggleSeverity(s)}
            >
              {t(`logs.severity.${s}`)}
            </button>
          ))}
        </div>
        <div className="chips" role="group" aria-label={t('logs.filterKind')}>
          <span className="chips__label">{t('logs.filterKind')}</span>
          {KINDS.map((k) => (
            <button
              key={k}
              type="button"
              className="chip"
              aria-pressed={filters.kinds.includes(k)}
              onClick={() => filters.toggleKind(k)}
            >
              {t(`logs.kind.${k}`)}
            </button>
          ))}
        </div>
        {!filters.unfiltered ? (
          <button type="button" className="button button--small" onClick={filters.reset}>
            {t('logs.resetFilters')}
          </button>
        ) : null}
      </div>
      <p className="logs-filters__range" data-from={range.fromMs} data-to={range.toMs}>
        {t('logs.rangeShown', { from: formatMinute(range.fromMs), to: formatMinute(range.toMs) })}
      </p>
    </section>
  );
}
