/** Model updates over the sync channel: check (download, verify, stage), activate, roll back; refusals say why. */
import { useEffect, useState } from 'react';
import type { ModelPackSummary, SyncModelUpdate } from '../../api/contract';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/i18n';
import { Panel } from '../../components/Panel';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';

export function ModelsPanel({ onChange }: { onChange: () => void }) {
  const t = useT();
  const { api, reportError, connection } = useApp();
  const { can } = useAuth();
  const [packs, setPacks] = useState<ModelPackSummary[] | null>(null);
  const [result, setResult] = useState<SyncModelUpdate | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const mayChange = can('sync.checkModelUpdate');

  useEffect(() => {
    if (!can('models.list')) return;
    return answerUntilCleanup(api.invoke('models.list', {}), setPacks, reportError);
  }, [api, can, reportError, connection.generation, version]);

  const run = (action: () => Promise<SyncModelUpdate>) => {
    setBusy(true);
    action()
      .then((value) => {
        setResult(value);
        setVersion((v) => v + 1);
        onChange();
      }, reportError)
      .finally(() => setBusy(false));
  };

  const active = packs?.find((p) => p.state === 'active') ?? null;
  const previous = packs?.find((p) => p.state === 'previous') ?? null;
  const staged =
    result?.outcome === 'staged' && result.staged?.state === 'available' ? result.staged : null;

  return (
    <Panel title={t('sync.modelsTitle')} className="panel" headingId="sync-models-title">
      <p className="section-help">{t('sync.modelsHelp')}</p>
      <dl className="sync-facts">
        <div>
          <dt>{t('sync.modelActive')}</dt>
          <dd data-model="active">
            {active ? (
              <>
                {active.name} {active.version}
                {active.developmentKey ? (
                  <span className="tag sync-devkey">{t('sync.modelDevKey')}</span>
                ) : null}
              </>
            ) : (
              t('sync.modelNone')
            )}
          </dd>
        </div>
      </dl>
      {mayChange ? (
        <div className="sync-model-actions">
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => run(() => api.invoke('sync.checkModelUpdate', {}))}
          >
            {busy ? t('sync.checking') : t('sync.checkUpdate')}
          </button>
          {staged ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => run(() => api.invoke('sync.activateModelUpdate', { id: staged.id }))}
            >
              {t('sync.activate', { version: staged.version })}
            </button>
          ) : null}
          {previous ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => run(() => api.invoke('sync.rollbackModelUpdate', {}))}
            >
              {t('sync.rollback', { version: previous.version })}
            </button>
          ) : (
            <span className="section-help">{t('sync.rollbackNone')}</span>
          )}
        </div>
      ) : (
        <p className="section-help">{t('sync.modelsAdminOnly')}</p>
      )}
      {result ? <UpdateResult result={result} /> : null}
    </Panel>
  );
}

function UpdateResult({ result }: { result: SyncModelUpdate }) {
  const t = useT();
  const version = result.staged?.version ?? result.active?.version ?? '';
  if (result.outcome === 'refused') {
    return (
      <div className="attention sync-problem" role="alert" data-model-result="refused">
        <Icon name="alert" size={22} />
        <p>
          <strong>{t('sync.updateRefused')}: </strong>
          {result.refusal?.message}
        </p>
      </div>
    );
  }
  const text =
    result.outcome === 'staged'
      ? t('sync.updateStaged', { version })
      : result.outcome === 'activated'
        ? t('sync.updateActivated', { version })
        : result.outcome === 'rolled-back'
          ? t('sync.updateRolledBack', { version })
          : t('sync.updateUpToDate');
  return (
    <p role="status" className="sync-saved" data-model-result={result.outcome}>
      <Icon name="check" size={20} />
      {text}
      {result.outcome === 'up-to-date' && result.refusal ? ` ${result.refusal.message}` : ''}
    </p>
  );
}
