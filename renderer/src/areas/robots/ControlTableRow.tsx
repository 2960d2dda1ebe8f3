/**
 * One item of the control table: address, name and range, value, raw value, access and area, and
 * for writable items a field to type a new value; the server's answer shows under it.
 */
import type { ControlTableEntry } from '../../api/contract';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/i18n';
import { formatValue } from './control-table-values';

export type RowNote = { tone: 'ok' | 'bad'; text: string; code?: string };

export function ControlTableRow({
  entry,
  torqueOn,
  draft,
  note,
  onDraft,
  onWrite,
  onTorqueOff,
}: {
  entry: ControlTableEntry;
  torqueOn: boolean;
  draft: string;
  note: RowNote | undefined;
  onDraft: (text: string) => void;
  onWrite: () => void;
  onTorqueOff: () => void;
}) {
  const t = useT();
  const locked = entry.area === 'EEPROM' && torqueOn && entry.access === 'RW';
  const inputId = `ct-${entry.key}`;
  return (
    <tr
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
        <span className={`area-tag area-tag--${entry.area.toLowerCase()}`}>{entry.area}</span>{' '}
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
              value={draft}
              placeholder={formatValue(entry.value)}
              onChange={(event) => onDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') onWrite();
              }}
            />
            <button
              type="button"
              className={locked ? 'button button--small button--locked' : 'button button--small'}
              onClick={onWrite}
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
              <button type="button" className="button button--small" onClick={onTorqueOff}>
                {t('robots.table.torqueOffFirstShort')}
              </button>
            ) : null}
          </div>
        ) : null}
      </td>
    </tr>
  );
}
