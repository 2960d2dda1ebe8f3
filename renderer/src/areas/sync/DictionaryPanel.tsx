/** The data dictionary: every kind of record and every field that can be donated, in ja and en. */
import { useEffect, useState } from 'react';
import type { SyncDictionaryKind } from '../../api/contract';
import { useApp } from '../../app-context';
import { useT, type MessageKey } from '../../i18n/i18n';
import { useFormats } from './sync-data';
import { Panel } from '../../components/Panel';
import { SyncTable, type SyncColumn } from './SyncTable';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';
import { LoadingNote } from '../../components/LoadingNote';

const FIELD_COLUMNS: readonly SyncColumn[] = [
  { title: 'sync.col.field' },
  { title: 'sync.col.meaning' },
  { title: 'sync.col.type' },
];

/** The published dictionary (it changes only with the app). */
export function useDictionary(): SyncDictionaryKind[] | null {
  const { api, reportError, connection } = useApp();
  const [kinds, setKinds] = useState<SyncDictionaryKind[] | null>(null);
  useEffect(() => {
    return answerUntilCleanup(api.invoke('sync.dataDictionary', {}), setKinds, reportError);
  }, [api, reportError, connection.generation]);
  return kinds;
}

export function DictionaryPanel() {
  const t = useT();
  const f = useFormats();
  const kinds = useDictionary();
  const typeText = (field: SyncDictionaryKind['fields'][number]) => {
    const key = `sync.type.${field.type}`;
    const base = t(key as MessageKey, { values: field.values?.join(', ') ?? '' });
    const parts = [base];
    if (field.unit) parts.push(t('sync.unit', { unit: field.unit }));
    if (field.optional) parts.push(t('sync.optional'));
    return parts.join(' · ');
  };
  return (
    <Panel title={t('sync.dictionaryTitle')} className="panel" headingId="sync-dictionary-title">
      <p className="section-help">{t('sync.dictionaryHelp')}</p>
      {!kinds ? (
        <LoadingNote>{t('sync.loading')}</LoadingNote>
      ) : (
        kinds.map((kind) => (
          <article key={kind.kind} className="sync-kind" data-kind={kind.kind}>
            <h3 className="sync-kind__title">
              {kind.description[f.language]} <span className="mono tag">{kind.kind}</span>
            </h3>
            <p className="section-help">
              {t(`sync.kindTime.${kind.time}` satisfies MessageKey)}{' '}
              {t('sync.quasi', { fields: kind.quasiIdentifiers.join(', ') })}
            </p>
            <SyncTable className="sync-fields" columns={FIELD_COLUMNS}>
              {kind.fields.map((field) => (
                <tr key={field.name}>
                  <th scope="row" className="mono">
                    {field.name}
                  </th>
                  <td>{field.description[f.language]}</td>
                  <td>{typeText(field)}</td>
                </tr>
              ))}
            </SyncTable>
          </article>
        ))
      )}
    </Panel>
  );
}
