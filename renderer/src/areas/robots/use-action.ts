/** Runs one user action at a time against the API and keeps its outcome for display. */
import { useCallback, useState } from 'react';
import { codeOf, messageOf } from './use-robots';

export type ActionOutcome =
  | { state: 'idle' }
  | { state: 'running'; label: string }
  | { state: 'done'; label: string; message: string }
  | { state: 'failed'; label: string; message: string; code?: string };

export function useAction() {
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
        const code = codeOf(error);
        setOutcome({
          state: 'failed',
          label,
          message: messageOf(error),
          ...(code ? { code } : {}),
        });
        return false;
      }
    },
    [],
  );
  const clear = useCallback(() => setOutcome({ state: 'idle' }), []);
  return { outcome, run, clear, busy: outcome.state === 'running' };
}
