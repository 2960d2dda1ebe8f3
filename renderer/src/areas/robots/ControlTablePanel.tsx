/**
 * The control-table editor: every item of one servo with address, name, value in SI units, raw
 * value, access and area. EEPROM items are locked while the joint's torque is on (the servo
 * refuses them; the reason is explained and "turn torque off first" is offered). Every write is
 * confirmed before it is sent; the server's answer — new value or reason — shows on the row.
 */
import { useState } from 'react';
import type { JointStatus, RobotDetail } from '../../api/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { Segmented } from '../../components/Segmented';
import { useLanguage, useT } from '../../i18n/i18n';
import { formatWithUnit } from './control-table-values';
import { ControlTableRow } from './ControlTableRow';
import { useControlTable } from './use-control-table';
import { TableHead } from '../../components/TableHead';
import { LoadingNote } from '../../components/LoadingNote';

const FILTERS = ['all', 'EEPROM', 'RAM'] as const;

export function ControlTablePanel({
  detail,
  onChanged,
}: {
  detail: RobotDetail | null;
  onChanged: () => void;
}) {
  const t = useT();
  const [jointName, setJointName] = useState<string | null>(null);
  const joint =
    detail?.joints.find((candidate) => candidate.name === jointName) ?? detail?.joints[0];
  if (!detail || !joint) return <LoadingNote>{t('robots.loading')}</LoadingNote>;
  return (
    <JointControlTable
      key={joint.name}
      detail={detail}
      joint={joint}
      onPickJoint={setJointName}
      onChanged={onChanged}
    />
  );
}

function JointControlTable({
  detail,
  joint,
  onPickJoint,
  onChanged,
}: {
  detail: RobotDetail;
  joint: JointStatus;
  onPickJoint: (name: string) => void;
  onChanged: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const joints = detail.joints;
  const label = joint.label[language];
  const torqueOn = joint.torqueOn;
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  const { entries, readError, reading, drafts, notes, pending, ...table } = useControlTable(
    detail.summary.id,
    joint,
    onChanged,
  );
  const { read, torqueOff, requestWrite } = table;

  const shown = (entries ?? []).filter((entry) => filter === 'all' || entry.area === filter);

  return (
    <div className="ctable">
      <div className="ctable__toolbar">
        <h2 className="section-title">{t('robots.table.title')}</h2>
        <Segmented
          label={t('robots.table.joint')}
          options={joints.map((candidate) => ({
            value: candidate.name,
            label: candidate.label[language],
          }))}
          value={joint.name}
          onChange={onPickJoint}
        />
        <button
          type="button"
          className="button"
          onClick={read}
          disabled={reading}
          data-testid="table-read"
        >
          {reading ? t('robots.table.reading') : t('robots.table.read')}
        </button>
      </div>

      <div
        className={torqueOn ? 'lock-note lock-note--locked' : 'lock-note'}
        data-testid="eeprom-lock"
        aria-live="polite"
      >
        <Icon name={torqueOn ? 'alert' : 'check'} size={22} />
        <div>
          <p>
            <strong>
              {torqueOn
                ? t('robots.table.lockedTitle', { joint: label })
                : t('robots.table.unlockedTitle', { joint: label })}
            </strong>
          </p>
          <p>{torqueOn ? t('robots.table.lockedWhy') : t('robots.table.unlockedWhy')}</p>
        </div>
        {torqueOn ? (
          <button
            type="button"
            className="button"
            onClick={torqueOff}
            data-testid="table-torque-off"
          >
            {t('robots.table.torqueOffFirst', { joint: label })}
          </button>
        ) : null}
      </div>

      {readError ? <ErrorNote>{readError}</ErrorNote> : null}

      <Segmented
        className="ctable__filter"
        label={t('robots.table.filter')}
        options={FILTERS.map((value) => ({
          value,
          label: value === 'all' ? t('robots.table.all') : value,
        }))}
        value={filter}
        onChange={setFilter}
      />

      {entries === null ? (
        <LoadingNote>{reading ? t('robots.table.reading') : t('robots.table.notRead')}</LoadingNote>
      ) : (
        <div className="table-wrap ctable__wrap">
          <table className="ctable__table" data-testid="control-table">
            <caption className="visually-hidden">
              {t('robots.table.caption', { joint: label })}
            </caption>
            <TableHead
              headings={[
                t('robots.table.address'),
                t('robots.table.name'),
                t('robots.table.value'),
                t('robots.table.raw'),
                t('robots.table.access'),
                t('robots.table.newValue'),
              ]}
            />
            <tbody>
              {shown.map((entry) => (
                <ControlTableRow
                  key={entry.key}
                  entry={entry}
                  torqueOn={torqueOn}
                  draft={drafts[entry.key] ?? ''}
                  note={notes[entry.key]}
                  onDraft={(text) => table.setDraft(entry.key, text)}
                  onWrite={() => requestWrite(entry)}
                  onTorqueOff={torqueOff}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={t('robots.table.confirmTitle')}
        confirmLabel={t('robots.table.confirmWrite')}
        danger={pending?.entry.area === 'EEPROM'}
        onCancel={table.cancelWrite}
        onConfirm={table.write}
      >
        {pending ? (
          <>
            <p>
              {t('robots.table.confirmBody', {
                name: pending.entry.name,
                joint: label,
                from: formatWithUnit(pending.entry.value, pending.entry.unit),
                to: formatWithUnit(pending.value, pending.entry.unit),
              })}
            </p>
            {pending.entry.area === 'EEPROM' ? <p>{t('robots.table.confirmEeprom')}</p> : null}
          </>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
