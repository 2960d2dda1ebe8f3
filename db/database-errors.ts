/** Database failures a person can act on. `code` is stable across the worker boundary. */
export class DatabaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

export interface SerializedError {
  name: string;
  code: string;
  message: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code =
      'code' in error && typeof error.code === 'string' ? error.code : 'database-internal';
    return { name: error.name, code, message: error.message };
  }
  return { name: 'Error', code: 'database-internal', message: String(error) };
}

export function deserializeError(error: SerializedError): DatabaseError {
  const result = new DatabaseError(error.code, error.message);
  result.name = error.name;
  return result;
}
