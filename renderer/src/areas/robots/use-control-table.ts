/**
 * Reading and writing one joint's control table: the items, per-item drafts and answers, the
 * write awaiting confirmation. EEPROM writes are refused here while torque is on (the servo would
 * refuse them too), with "turn torque off" offered.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ControlTableEntry, JointStatus } from '../../api/contract';
import { apiErrorCode } from '../../api/api-error';
import { useApp } from '../../app-context';
import { useLanguage, useT } from '../../i18n/i18n';
import { useErrorText } from '../../i18n/use-error-text';
import { formatWithUnit, parseDraft } from './control-table-values';
import type { RowNote } from './ControlTableRow';

export function useControlTable(robotId: string, joint: JointStatus, onChanged: () => void) {
  const describeError = useErrorText();
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const [entries, setEntries] = useState<ControlTableEntry[] | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [reading, setReading] = useState(true);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, RowNote>>({});
  const [pending, setPending] = useState<{ entry: ControlTableEntry; value: number } | null>(null);
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
    const value = parseDraft(drafts[entry.key] ?? '');
    if (value === null) {
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
              value: formatWithUnit(updated.value, updated.unit),
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

  const setDraft = (key: string, text: string) =>
    setDrafts((current) => ({ ...current, [key]: text }));

  return {
    entries,
    readError,
    reading,
    drafts,
    notes,
    pending,
    read,
    torqueOff,
    requestWrite,
    write,
    setDraft,
    cancelWrite: () => setPending(null),
  };
}
