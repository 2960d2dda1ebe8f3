/** Reading a failed API call: its stable code and the server's message. */

export function apiErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('error' in error)) return undefined;
  const inner = error.error;
  if (typeof inner !== 'object' || inner === null || !('code' in inner)) return undefined;
  const code = inner.code;
  return typeof code === 'string' ? code : undefined;
}

/** The server's message (or any Error's), as written; '' when there is none. */
export function apiErrorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = error.message;
    if (typeof message === 'string') return message;
  }
  return '';
}
