/**
 * The Models page: installed packs with version, heads, evaluation figures (the manifest's
 * evaluation block), signature status (which key; the development key said plainly) and which is
 * active or previous. Administrators activate and roll back (each confirmed) and import a pack by
 * its folder; a refused pack shows the reason and changes nothing. Everyone else reads.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ModelPackSummary } from '../../api/contract';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { Icon } from '../../components/Icon';
import { LabelledField } from '../../components/LabelledField';
import { TextEntry } from '../../components/TextEntry';
import { useLanguage, useT, type MessageKey, type Translate } from '../../i18n/i18n';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useErrorText } from '../../i18n/use-error-text';
import { when } from './alert-look';
import { LoadingNote } from '../../components/LoadingNote';

const EVAL_KEYS: Record<string, MessageKey> = {
  macroF1: 'models.eval.macroF1',
  baselineMacroF1: 'models.eval.baselineMacroF1',
  overheatingMedianLeadS: 'models.eval.overheatingMedianLeadS',
  overloadBeforeAlarm: 'models.eval.overloadBeforeAlarm',
  voltageSagBeforeAlarm: 'models.eval.voltageSagBeforeAlarm',
  falseAlertsPer8hShift: 'models.eval.falseAlertsPer8hShift',
  allTargetsMet: 'models.eval.allTargetsMet',
};

function evalValue(key: string, value: unknown, t: Translate): string {
  if (typeof value === 'boolean') return value ? t('models.yes') : t('models.no');
  if (typeof value !== 'number') return typeof value === 'string' ? value : JSON.stringify(value);
  if (/S$/.test(key)) return t('models.seconds', { value: value.toFixed(0) });
  if (/BeforeAlarm$|Fraction$|Rate$/.test(key)) return `${Math.round(value * 100)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

type Pending =
  { kind: 'activate'; pack: ModelPackSummary } | { kind: 'rollback'; pack: ModelPackSummary };

export function ModelsPage() {
  const t = useT();
  const { api, connection, reportError } = useApp();
  const { can } = useAuth();
  const admin = can('models.activate');
  const [packs, setPacks] = useState<ModelPackSummary[] | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(() => {
    api.invoke('models.list', {}).then(setPacks, reportError);
  }, [api, reportError]);
  useEffect(() => {
    if (connection.generation > 0) refresh();
  }, [connection.generation, refresh]);

  const previous = packs?.find((p) => p.state === 'previous') ?? null;
  const confirm = () => {
    if (!pending) return;
    const action = pending;
    setPending(null);
    setBusy(true);
    setDone('');
    const call =
      action.kind === 'activate'
        ? api.invoke('models.activate', { id: action.pack.id })
        : api.invoke('models.rollback', {});
    call
      .then((pack) =>
        setDone(
          t(action.kind === 'activate' ? 'models.activated.done' : 'models.rolledBack', {
            name: pack.name,
            version: pack.version,
          }),
        ),
      )
      .catch(reportError)
      .finally(() => {
        setBusy(false);
        refresh();
      });
  };

  return (
    <div className="models">
      <p className="area-header__intro">
        {t('models.intro')} {admin ? '' : t('models.introReadOnly')}
      </p>
      {admin ? (
        <div className="models__actions">
          <button
            type="button"
            className="button"
            disabled={!previous || busy}
            onClick={() => previous && setPending({ kind: 'rollback', pack: previous })}
            data-testid="models-rollback"
          >
            {t('models.rollback')}
          </button>
          {!previous ? <span className="muted">{t('models.noPrevious')}</span> : null}
        </div>
      ) : null}
      <p className="models__done" role="status">
        {done}
      </p>
      {packs === null ? (
        <LoadingNote busy>{t('models.loading')}</LoadingNote>
      ) : packs.length === 0 ? (
        <p className="muted">{t('models.empty')}</p>
      ) : (
        <ul className="model-list" aria-label={t('models.listLabel')}>
          {[...packs]
            .sort((a, b) => rank(a) - rank(b) || b.importedMs - a.importedMs)
            .map((pack) => (
              <li key={pack.id}>
                <PackCard
                  pack={pack}
                  admin={admin}
                  busy={busy}
                  onActivate={() => setPending({ kind: 'activate', pack })}
                />
              </li>
            ))}
        </ul>
      )}
      {admin ? <ImportForm onImported={refresh} /> : null}
      <ConfirmDialog
        open={pending !== null}
        title={
          pending
            ? t(pending.kind === 'activate' ? 'models.activateTitle' : 'models.rollbackTitle', {
                name: pending.pack.name,
                version: pending.pack.version,
              })
            : ''
        }
        confirmLabel={pending?.kind === 'rollback' ? t('models.rollback') : t('models.activate')}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <p>{pending?.kind === 'rollback' ? t('models.rollbackBody') : t('models.activateBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

function rank(pack: ModelPackSummary): number {
  return pack.state === 'active' ? 0 : pack.state === 'previous' ? 1 : 2;
}

function PackCard({
  pack,
  admin,
  busy,
  onActivate,
}: {
  pack: ModelPackSummary;
  admin: boolean;
  busy: boolean;
  onActivate: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const titleId = `pack-${pack.id}`;
  const evaluation = Object.entries(pack.evaluation ?? {});
  return (
    <article
      className={`model-card model-card--${pack.state}`}
      aria-labelledby={titleId}
      data-pack={`${pack.name}@${pack.version}`}
      data-state={pack.state}
    >
      <header className="model-card__head">
        <h2 id={titleId} className="model-card__name">
          {pack.name}
        </h2>
        <span className="model-card__version">
          {t('models.version', { version: pack.version })}
        </span>
        <span className={`state-tag state-tag--pack-${pack.state}`} data-testid="pack-state">
          {pack.state === 'active' ? <Icon name="check" size={18} /> : null}
          {t(`models.state.${pack.state}`)}
        </span>
      </header>
      <dl className="model-card__facts">
        <div>
          <dt>{t('models.heads')}</dt>
          <dd>{pack.heads.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('models.signature')}</dt>
          <dd data-testid="pack-signature">
            {t('models.signedBy', { key: pack.signedBy })}{' '}
            {pack.bundled ? (
              <span className="tag tag--ok">{t('models.bundled')}</span>
            ) : pack.developmentKey ? (
              <span className="tag tag--warn">{t('models.devKey')}</span>
            ) : (
              <span className="tag tag--ok">{t('models.trustedKey')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('models.importedLabel')}</dt>
          <dd>{when(pack.importedMs, language)}</dd>
        </div>
        {pack.activatedMs ? (
          <div>
            <dt>{t('models.activatedLabel')}</dt>
            <dd>{when(pack.activatedMs, language)}</dd>
          </div>
        ) : null}
      </dl>
      {pack.bundled ? (
        <p className="model-card__devkey">{t('models.bundledHelp')}</p>
      ) : pack.developmentKey ? (
        <p className="model-card__devkey">{t('models.devKeyHelp')}</p>
      ) : null}
      <h3 className="subsection-title">{t('models.evaluation')}</h3>
      {evaluation.length === 0 ? (
        <p className="muted">{t('models.noEvaluation')}</p>
      ) : (
        <table className="eval-table" data-testid="pack-evaluation">
          <tbody>
            {evaluation.map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{EVAL_KEYS[key] ? t(EVAL_KEYS[key]) : key}</th>
                <td className="num">{evalValue(key, value, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin && pack.state !== 'active' ? (
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={onActivate}
          aria-label={t('models.activateNamed', { name: pack.name, version: pack.version })}
        >
          {t('models.activate')}
        </button>
      ) : null}
    </article>
  );
}

function ImportForm({ onImported }: { onImported: () => void }) {
  const describeError = useErrorText();
  const t = useT();
  const { api } = useApp();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="panel import-form"
      aria-labelledby="import-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (!path.trim()) return;
        setBusy(true);
        setOutcome(null);
        api
          .invoke('models.import', { path: path.trim() })
          .then(
            (pack) => {
              setOutcome({
                ok: true,
                text: t('models.imported.done', { name: pack.name, version: pack.version }),
              });
              onImported();
            },
            (error: unknown) => setOutcome({ ok: false, text: describeError(error) }),
          )
          .finally(() => setBusy(false));
      }}
    >
      <h2 id="import-title" className="section-title">
        {t('models.import')}
      </h2>
      <LabelledField className="field" label={t('models.importPath')}>
        <TextEntry type="text" value={path} onValue={setPath} data-testid="import-path" />
      </LabelledField>
      <button type="submit" className="button button--primary" disabled={busy || !path.trim()}>
        {busy ? t('models.importing') : t('models.importButton')}
      </button>
      {outcome ? (
        outcome.ok ? (
          <p className="import-form__ok" role="status">
            <Icon name="check" size={22} /> {outcome.text}
          </p>
        ) : (
          <div className="import-form__refused" role="alert" data-testid="import-refused">
            <Icon name="alert" size={22} />
            <div>
              <p>
                <strong>{t('models.refused')}</strong> {outcome.text}
              </p>
              <p>{t('models.refusedKeep')}</p>
            </div>
          </div>
        )
      ) : null}
    </form>
  );
}
