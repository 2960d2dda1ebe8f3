/** An area that later work will fill: says honestly that it is not available yet, and what it will do. */
import { AreaHeader } from '../components/AreaHeader';
import { Icon } from '../components/Icon';
import { useT, type MessageKey } from '../i18n/i18n';

export type ComingSoonId = 'diagnostics' | 'teach' | 'sync';

const ITEMS = ['item1', 'item2', 'item3'] as const;

export function ComingSoonArea({ area }: { area: ComingSoonId }) {
  const t = useT();
  return (
    <>
      <AreaHeader title={t(`soon.${area}.title`)} />
      <section className="panel coming-soon" aria-labelledby="soon-title">
        <div className="panel__icon" aria-hidden="true">
          <Icon name={area} size={40} />
        </div>
        <p id="soon-title" className="badge">
          <Icon name="tools" size={20} />
          {t('soon.badge')}
        </p>
        <p className="panel__body">{t('soon.body')}</p>
        <h2 className="section-title">{t('soon.willDo')}</h2>
        <ul className="soon-list">
          {ITEMS.map((item) => (
            <li key={item}>{t(`soon.${area}.${item}` satisfies MessageKey)}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
