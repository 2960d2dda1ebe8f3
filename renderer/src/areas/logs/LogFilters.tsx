/** The filter bar of the Logs area: range (presets or custom), robot, search, severity and kind chips. */
import type { EventKind } from '../../api/contract';
import { SEVERITIES } from '../../../../native/domain';
import { Icon } from '../../components/Icon';
import {
  LabelOverRow,
  LabelledField,
  type LabelledValueProps,
} from '../../components/LabelledField';
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
            <MomentField
              label={t('logs.from')}
              value={custom.fromMs}
              onValue={(ms) => ms < custom.toMs && filters.setCustom({ ...custom, fromMs: ms })}
            />
            <MomentField
              label={t('logs.to')}
              value={custom.toMs}
              onValue={(ms) => ms > custom.fromMs && filters.setCustom({ ...custom, toMs: ms })}
            />
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
          <LabelOverRow
            controlId="log-search"
            label={t('logs.searchLabel')}
            labelClassName="search__label"
            rowClassName="search__row"
          >
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
          </LabelOverRow>
        </form>
      </div>
      <div className="logs-filters__row">
        <ChipGroup
          label={t('logs.filterSeverity')}
          values={SEVERITIES_SHOWN}
          chosen={filters.severities}
          onToggle={filters.toggleSeverity}
          chipClass={(s) => `chip chip--${s}`}
          chipLabel={(s) => t(`logs.severity.${s}`)}
        />
        <ChipGroup
          label={t('logs.filterKind')}
          values={KINDS}
          chosen={filters.kinds}
          onToggle={filters.toggleKind}
          chipClass={() => 'chip'}
          chipLabel={(k) => t(`logs.kind.${k}`)}
        />
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

/** One end of a custom range: a local date and time; a half-typed moment changes nothing. */
function MomentField({ label, value, onValue }: LabelledValueProps<number>) {
  return (
    <LabelledField className="field" label={label}>
      <input
        type="datetime-local"
        value={toLocalInput(value)}
        onChange={(e) => {
          const next = fromLocalInput(e.target.value);
          if (next !== null) onValue(next);
        }}
      />
    </LabelledField>
  );
}

/** A group of toggle chips, one per value; a chip is pressed while its value is chosen. */
function ChipGroup<T extends string>({
  label,
  values,
  chosen,
  onToggle,
  chipClass,
  chipLabel,
}: {
  label: string;
  values: readonly T[];
  chosen: readonly T[];
  onToggle: (value: T) => void;
  chipClass: (value: T) => string;
  chipLabel: (value: T) => string;
}) {
  return (
    <div className="chips" role="group" aria-label={label}>
      <span className="chips__label">{label}</span>
      {values.map((value) => (
        <button
          key={value}
          type="button"
          className={chipClass(value)}
          aria-pressed={chosen.includes(value)}
          onClick={() => onToggle(value)}
        >
          {chipLabel(value)}
        </button>
      ))}
    </div>
  );
}
