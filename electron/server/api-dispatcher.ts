/**
 * The single place where a request from a renderer (IPC or WebSocket) becomes a call into the
 * app's services. It never trusts its input: unknown channels and arguments that fail the
 * contract's schemas are answered with a clear error and reach no handler.
 */
import {
  isRequestChannel,
  requestChannels,
  type ApiError,
  type ApiResponse,
  type ParsedArgs,
  type RequestChannel,
  type RequestResult,
} from '../shared/api-contract';
import { toApiError } from './api-errors';

export type ApiHandlers = {
  [C in RequestChannel]: (args: ParsedArgs<C>) => Promise<RequestResult<C>> | RequestResult<C>;
};

export class ApiDispatcher {
  constructor(private readonly handlers: ApiHandlers) {}

  async dispatch(channel: unknown, rawArgs: unknown): Promise<ApiResponse<unknown>> {
    if (!isRequestChannel(channel)) {
      return failure({
        code: 'unknown-channel',
        message: `There is no API channel called ${describe(channel)}. Update the app if the UI and the service versions differ.`,
      });
    }
    const parsed = requestChannels[channel].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return failure({
        code: 'invalid-arguments',
        message: `The request to ${channel} was refused because its arguments are invalid: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`)
          .join('; ')}. Nothing was changed.`,
      });
    }
    try {
      const handler = this.handlers[channel] as (args: unknown) => unknown;
      const value: unknown = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      return failure(toApiError(error));
    }
  }
}

function failure(error: ApiError): ApiResponse<never> {
  return { ok: false, error };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.slice(0, 80)}"`;
  return `(${typeof value})`;
}
