/** Runs one user action at a time against the API and keeps its outcome for display. */
import { useCallback, useState } from 'react';
import { apiErrorCode } from '../../api/api-error';
import { useErrorText } from '../../i18n/use-error-text';

export type ActionOutcome =
  | { state: 'idle' }
  | { state: 'running'; label: string }
  | { state: 'done'; label: string; message: string }
  | { state: 'failed'; label: string; message: string; code?: string };

export function useAction() {
  const describeError = useErrorText();
  const [outcome, setOutcome] = useState<ActionOutcome>({ state: 'idle' });
  const run = useCallback(
    async (
      label: string,
      action: () => Promise<unknown>,
      doneMessage: string,
    ): Promise<boolean> => {
      setOutcome({ state: 'running', label });
      try {
        await action();
        setOutcome({ state: 'done', label, message: doneMessage });
        return true;
      } catch (error) {
        const code = apiErrorCode(error);
        setOutcome({
          state: 'failed',
          label,
          message: describeError(error),
          ...(code ? { code } : {}),
        });
        return false;
      }
    },
    [describeError],
  );
  const clear = useCallback(() => setOutcome({ state: 'idle' }), []);
  return { outcome, run, clear, busy: outcome.state === 'running' };
}
