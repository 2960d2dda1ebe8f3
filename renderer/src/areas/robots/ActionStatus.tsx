/** The outcome of the last robot action, announced politely (errors assertively). */
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/i18n';
import type { ActionOutcome } from './use-action';

export function ActionStatus({ outcome }: { outcome: ActionOutcome }) {
  const t = useT();
  return (
    <div className="action-status" aria-live="polite">
      {outcome.state === 'running' ? (
        <p className="action-status__running">{outcome.label}…</p>
      ) : outcome.state === 'done' ? (
        <p className="action-status__done">
          <Icon name="check" size={20} />
          {outcome.message}
        </p>
      ) : outcome.state === 'failed' ? (
        <p className="action-status__failed" role="alert">
          <Icon name="alert" size={20} />
          <span>
            <strong>{t('robots.action.failed', { label: outcome.label })}</strong> {outcome.message}
          </span>
        </p>
      ) : null}
    </div>
  );
}
