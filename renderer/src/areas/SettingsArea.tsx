/** Settings: the language (saved by the server, so it survives restarts) and an About block. */
import { useState } from 'react';
import { LANGUAGES } from '../../../native/domain';
import type { Language } from '../api/contract';
import { useApp } from '../app-context';
import { AreaHeader } from '../components/AreaHeader';
import { Icon } from '../components/Icon';
import { useT } from '../i18n/i18n';
import { Panel } from '../components/Panel';
import { RadioChoice } from '../components/RadioChoice';
import { LoadingNote } from '../components/LoadingNote';

export function SettingsArea() {
  const t = useT();
  const { language, setLanguage, info, status } = useApp();
  const [saved, setSaved] = useState(false);

  const choose = (next: Language) => {
    if (next === language) return;
    setSaved(false);
    void setLanguage(next).then(setSaved);
  };

  return (
    <>
      <AreaHeader title={t('settings.title')} intro={t('settings.intro')} />
      <section className="card settings-section" aria-labelledby="language-title">
        <fieldset className="language-picker">
          <legend id="language-title" className="section-title">
            {t('settings.language')}
          </legend>
          <p className="section-help">{t('settings.languageHelp')}</p>
          <div className="language-picker__options">
            {LANGUAGES.map((option) => (
              <RadioChoice
                key={option}
                name="language"
                value={option}
                checked={language === option}
                onChoose={() => choose(option)}
                mark={<Icon name="check" size={22} />}
                lang={option}
              >
                <span className="choice__label">{t(`language.${option}`)}</span>
              </RadioChoice>
            ))}
          </div>
          <p className="saved-note" aria-live="polite">
            {saved ? (
              <>
                <Icon name="check" size={20} />
                {t('settings.languageSaved')}
              </>
            ) : null}
          </p>
        </fieldset>
      </section>

      <Panel title={t('settings.about')} className="card settings-section" headingId="about-title">
        {info ? (
          <dl className="facts">
            <Fact term={t('settings.version')} value={`${info.name} ${info.version}`} />
            <Fact term={t('settings.platform')} value={info.platform} />
            <Fact term={t('settings.node')} value={info.node} />
            <Fact
              term={t('settings.electron')}
              value={info.electron ?? t('settings.electronNone')}
            />
            <Fact term={t('settings.locale')} value={info.locale} />
            {status ? (
              <>
                <Fact
                  term={t('settings.transport')}
                  value={t(`settings.transport.${status.transport}`)}
                />
                <Fact
                  term={t('status.database')}
                  value={[
                    t(
                      status.database.state === 'ok'
                        ? 'status.databaseOk'
                        : status.database.state === 'read-only'
                          ? 'status.databaseReadOnly'
                          : 'status.databaseError',
                    ),
                    status.database.message,
                  ]
                    .filter(Boolean)
                    .join(' — ')}
                />
                <Fact term={t('settings.databasePath')} value={status.database.path} mono />
                <Fact
                  term={t('settings.schemaVersion')}
                  value={`v${status.database.schemaVersion}`}
                />
                <Fact term={t('settings.sqliteVersion')} value={status.database.sqliteVersion} />
              </>
            ) : null}
          </dl>
        ) : (
          <LoadingNote>{t('settings.aboutLoading')}</LoadingNote>
        )}
      </Panel>
    </>
  );
}

function Fact({ term, value, mono = false }: { term: string; value: string; mono?: boolean }) {
  return (
    <div className="facts__row">
      <dt>{term}</dt>
      <dd className={mono ? 'mono' : undefined}>{value}</dd>
    </div>
  );
}
