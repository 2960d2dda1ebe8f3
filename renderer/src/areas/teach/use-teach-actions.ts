/**
 * Running one Teach action at a time: which one is busy, and the note under the header that says
 * how the last one went. A refusal that lists program problems hands them to `onIssues` and names
 * the first in the note; any other failure becomes a sentence in the screen's language.
 */
import { useCallback, useState } from 'react';
import type { TeachIssue } from '../../api/contract';
import { useLanguage, useT } from '../../i18n/i18n';
import { useErrorText } from '../../i18n/use-error-text';

export type TeachNote = { kind: 'info' | 'error'; text: string } | null;
export type TeachAct = (label: string, action: () => Promise<void>) => void;

function issuesOf(error: unknown): TeachIssue[] | null {
  const details = (error as { error?: { details?: { issues?: TeachIssue[] } } }).error?.details;
  return Array.isArray(details?.issues) ? details.issues : null;
}

export function useTeachActions(onIssues: (issues: TeachIssue[]) => void) {
  const describeError = useErrorText();
  const t = useT();
  const language = useLanguage();
  const [note, setNote] = useState<TeachNote>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = useCallback<TeachAct>(
    (label, action) => {
      setBusy(label);
      action()
        .catch((error: unknown) => {
          const found = issuesOf(error);
          if (found) {
            const errors = found.filter((i) => i.severity === 'error');
            onIssues(found);
            setNote({
              kind: 'error',
              text: `${t('teach.check.problems', { count: errors.length })} ${errors[0]?.message[language] ?? ''}`,
            });
          } else {
            setNote({ kind: 'error', text: describeError(error) });
          }
        })
        .finally(() => setBusy(null));
    },
    [t, language, describeError, onIssues],
  );

  return { note, setNote, busy, act };
}
