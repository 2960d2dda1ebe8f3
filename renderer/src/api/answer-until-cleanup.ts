/**
 * A request made by an effect: its answer (or failure) is handed on only until the effect's
 * cleanup runs, so a screen that moved on, or a connection that changed, is not written to by a
 * late reply. Returns that cleanup.
 */
export function answerUntilCleanup<T>(
  request: Promise<T>,
  onValue: (value: T) => void,
  onError: (error: unknown) => void,
): () => void {
  let cancelled = false;
  request.then(
    (value) => {
      if (!cancelled) onValue(value);
    },
    (error: unknown) => {
      if (!cancelled) onError(error);
    },
  );
  return () => {
    cancelled = true;
  };
}
