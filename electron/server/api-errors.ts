import type { ApiError } from '../shared/contract';

/** An error meant for a person: a stable code for the UI plus a message that says what to do. */
export class UserFacingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/**
 * Turns anything thrown by a handler into an ApiError. Errors not written for people keep their
 * message (it is all we know) but get a generic code; stack traces never cross to the renderer.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof UserFacingError) {
    return { code: error.code, message: error.message, details: error.details };
  }
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'internal-error';
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: message || 'An unexpected error occurred. See the log for details.' };
}
