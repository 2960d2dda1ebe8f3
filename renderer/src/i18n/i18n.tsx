/**
 * Tiny i18n: a dictionary per language, a provider that keeps `<html lang>` in step, and `useT()`
 * returning `t(key, values?)`. Placeholders are `{name}`; unknown placeholders stay visible so a
 * mistake shows up on screen instead of silently vanishing.
 */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { Language } from '../api/contract';
import { translate, type Translate } from './translate';

export { dictionaries, translate, type MessageKey, type Translate } from './translate';

/** The language to use before the user has chosen one: the browser/OS locale. */
export function defaultLanguage(locale: string | undefined = navigator.language): Language {
  return locale?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

const LanguageContext = createContext<Language>('en');

export function LanguageProvider({
  language,
  children,
}: {
  language: Language;
  children: ReactNode;
}) {
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return <LanguageContext value={language}>{children}</LanguageContext>;
}

export function useLanguage(): Language {
  return useContext(LanguageContext);
}

export function useT(): Translate {
  const language = useLanguage();
  return useMemo<Translate>(() => (key, values) => translate(language, key, values), [language]);
}
