/** The languages every user-facing string exists in. */
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text shown to people, in both languages. */
export interface Bilingual {
  en: string;
  ja: string;
}
