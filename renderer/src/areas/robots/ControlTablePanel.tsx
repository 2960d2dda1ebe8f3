/**
 * The control-table editor: every item of one servo with address, name, value in SI units, raw
 * value, access and area. EEPROM items are locked while the joint's torque is on (the servo
 * refuses them; the reason is explained and "turn torque off first" is offered). Every write is
 * confirmed before it is sent; the server's answer — new value or reason — shows on the row.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ControlTableEntry, JointStatus, RobotDetail } from '../../api/contract';
import { useApp } from '../../app-context';
import { Icon } from '../../components/Icon';
import { useLanguage, useT } from '../../i18n/i18n';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { apiErrorCode } from '../../api/api-error';
import { useErrorText } from '../../i18n/use-error-text';

type RowNote = { tone: 'ok' | 'bad'; text: string; code?: string };

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 1000) return value.toFixed(1);
  // Four significant digits keep tiny SI values (e.g. 0.0005 s) readable.
  return String(Number(value.toPrecision(4)));
}

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
  if (!detail || !joint) return <p className="loading">{t('robots.loading')}</p>;
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
  const describeError = useErrorText();
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const joints = detail.joints;
  const robotId = detail.summary.id;
  const [entries, setEntries] = useState<ControlTableEntry[] | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [reading, setReading] = useState(true);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, RowNote>>({});
  const [pending, setPending] = useState<{ entry: ControlTableEntry; value: number } | null>(null);
  const [filter, setFilter] = useState<'all' | 'EEPROM' | 'RAM'>('all');
  const name = joint.name;

  const load = useCallback(
    () =>
      api.invoke('controlTable.read', { robotId, joint: name }).then(
        (table) => {
          setEntries(table);
          setReadError(null);
          setReading(false);
        },
        (error: unknown) => {
          setReadError(describeError(error));
          setReading(false);
        },
      ),
    [api, robotId, name, describeError],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const read = () => {
    setReading(true);
    void load();
  };

  const label = joint.label[language];
  const torqueOn = joint.torqueOn;

  const torqueOff = () => {
    api.invoke('robots.command', { robotId, command: 'torque-off', joint: joint.name }).then(
      () => {
        onChanged();
        setNotes((current) =>
          Object.fromEntries(
            Object.entries(current).filter(([, note]) => note.code !== 'eeprom-locked'),
          ),
        );
      },
      (error: unknown) => setReadError(describeError(error)),
    );
  };

  const requestWrite = (entry: ControlTableEntry) => {
    const text = (drafts[entry.key] ?? '').trim().replace(',', '.');
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) {
      setNotes((current) => ({
        ...current,
        [entry.key]: { tone: 'bad', text: t('robots.table.notNumber') },
      }));
      return;
    }
    if (entry.area === 'EEPROM' && torqueOn) {
      setNotes((current) => ({
        ...current,
        [entry.key]: {
          tone: 'bad',
          text: t('robots.table.lockedRefused', { joint: label }),
          code: 'eeprom-locked',
        },
      }));
      return;
    }
    setPending({ entry, value });
  };

  const write = () => {
    if (!pending) return;
    const { entry, value } = pending;
    setPending(null);
    api.invoke('controlTable.write', { robotId, joint: joint.name, key: entry.key, value }).then(
      (updated) => {
        setEntries(
          (current) => current?.map((row) => (row.key === updated.key ? updated : row)) ?? null,
        );
        setDrafts((current) => ({ ...current, [entry.key]: '' }));
        setNotes((current) => ({
          ...current,
          [entry.key]: {
            tone: 'ok',
            text: t('robots.table.written', {
              value: `${formatValue(updated.value)}${updated.unit ? ` ${updated.unit}` : ''}`,
            }),
          },
        }));
        onChanged();
      },
      (error: unknown) => {
        const code = apiErrorCode(error);
        setNotes((current) => ({
          ...current,
          [entry.key]: {
            tone: 'bad',
            text:
              code === 'eeprom-locked'
                ? `${t('robots.table.lockedRefused', { joint: label })} ${describeError(error)}`
                : describeError(error),
            ...(code ? { code } : {}),
          },
        }));
      },
    );
  };

  const shown = (entries ?? []).filter((entry) => filter === 'all' || entry.area === filter);

  return (
    <div className="ctable">
      <div className="ctable__toolbar">
        <h2 className="section-title">{t('robots.table.title')}</h2>
        <div className="segmented" role="radiogroup" aria-label={t('robots.table.joint')}>
          {joints.map((candidate) => (
            <button
              key={candidate.name}
              type="button"
              role="radio"
              aria-checked={candidate.name === joint.name}
              className="segmented__option"
              onClick={() => onPickJoint(candidate.name)}
            >
              {candidate.label[language]}
            </button>
          ))}
        </div>
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

      {readError ? (
        <p className="action-status__failed" role="alert">
          <Icon name="alert" size={20} />
          {readError}
        </p>
      ) : null}

      <div
        className="segmented ctable__filter"
        role="radiogroup"
        aria-label={t('robots.table.filter')}
      >
        {(['all', 'EEPROM', 'RAM'] as const).map((value) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={filter === value}
            className="segmented__option"
            onClick={() => setFilter(value)}
          >
            {value === 'all' ? t('robots.table.all') : value}
          </button>
        ))}
      </div>

      {entries === null ? (
        <p className="loading">{reading ? t('robots.table.reading') : t('robots.table.notRead')}</p>
      ) : (
        <div className="table-wrap ctable__wrap">
          <table className="ctable__table" data-testid="control-table">
            <caption className="visually-hidden">
              {t('robots.table.caption', { joint: label })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('robots.table.address')}</th>
                <th scope="col">{t('robots.table.name')}</th>
                <th scope="col">{t('robots.table.value')}</th>
                <th scope="col">{t('robots.table.raw')}</th>
                <th scope="col">{t('robots.table.access')}</th>
                <th scope="col">{t('robots.table.newValue')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry) => {
                const note = notes[entry.key];
                const locked = entry.area === 'EEPROM' && torqueOn && entry.access === 'RW';
                const inputId = `ct-${entry.key}`;
                return (
                  <tr
                    key={entry.key}
                    data-key={entry.key}
                    data-area={entry.area}
                    className={locked ? 'ctable__row--locked' : undefined}
                  >
                    <td className="num">{entry.address}</td>
                    <th scope="row">
                      {entry.name}
                      {entry.min !== null && entry.max !== null ? (
                        <span className="ctable__range">
                          {t('robots.table.range', {
                            min: formatValue(entry.min),
                            max: formatValue(entry.max),
                            unit: entry.unit ?? '',
                          })}
                        </span>
                      ) : null}
                    </th>
                    <td className="num" data-testid="ct-value">
                      {formatValue(entry.value)}
                      {entry.unit ? ` ${entry.unit}` : ''}
                    </td>
                    <td className="num mono">{entry.raw}</td>
                    <td>
                      <span className={`area-tag area-tag--${entry.area.toLowerCase()}`}>
                        {entry.area}
                      </span>{' '}
                      <span className="access-tag">
                        {entry.access === 'RW' ? t('robots.table.rw') : t('robots.table.r')}
                      </span>
                      {locked ? (
                        <span className="lock-tag">
                          <Icon name="alert" size={14} /> {t('robots.table.lockedShort')}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      {entry.access === 'RW' ? (
                        <div className="ctable__edit">
                          <label className="visually-hidden" htmlFor={inputId}>
                            {t('robots.table.newValueFor', { name: entry.name })}
                          </label>
                          <input
                            id={inputId}
                            className="ctable__input"
                            inputMode="decimal"
                            value={drafts[entry.key] ?? ''}
                            placeholder={formatValue(entry.value)}
                            onChange={(event) =>
                              setDrafts((current) => ({
                                ...current,
                                [entry.key]: event.target.value,
                              }))
                            }
                            onKeyDown={(event) => {
                              if (event.key === 'Enter') requestWrite(entry);
                            }}
                          />
                          <button
                            type="button"
                            className={
                              locked
                                ? 'button button--small button--locked'
                                : 'button button--small'
                            }
                            onClick={() => requestWrite(entry)}
                            aria-label={t('robots.table.writeNamed', { name: entry.name })}
                          >
                            {t('robots.table.write')}
                          </button>
                        </div>
                      ) : (
                        <span className="muted">{t('robots.table.readOnly')}</span>
                      )}
                      {note ? (
                        <div
                          className={`row-note row-note--${note.tone}`}
                          role={note.tone === 'bad' ? 'alert' : 'status'}
                          data-testid="row-note"
                        >
                          <Icon name={note.tone === 'bad' ? 'alert' : 'check'} size={16} />
                          <span>{note.text}</span>
                          {note.code === 'eeprom-locked' && torqueOn ? (
                            <button
                              type="button"
                              className="button button--small"
                              onClick={torqueOff}
                            >
                              {t('robots.table.torqueOffFirstShort')}
                            </button>
                          ) : null}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={t('robots.table.confirmTitle')}
        confirmLabel={t('robots.table.confirmWrite')}
        danger={pending?.entry.area === 'EEPROM'}
        onCancel={() => setPending(null)}
        onConfirm={write}
      >
        {pending ? (
          <>
            <p>
              {t('robots.table.confirmBody', {
                name: pending.entry.name,
                joint: label,
                from: `${formatValue(pending.entry.value)}${pending.entry.unit ? ` ${pending.entry.unit}` : ''}`,
                to: `${formatValue(pending.value)}${pending.entry.unit ? ` ${pending.entry.unit}` : ''}`,
              })}
            </p>
            {pending.entry.area === 'EEPROM' ? <p>{t('robots.table.confirmEeprom')}</p> : null}
          </>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
