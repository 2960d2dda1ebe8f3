/**
 * Whether an answer to a batch PUT is the ingest server's acknowledgement: 200 (already stored)
 * or 201 (stored) with a JSON object saying so. Anything else that looks like success (a captive
 * portal's `200 text/html`, a proxy's empty 200) does not count, so the records stay queued.
 */
import type { HttpReply } from './http-client';

export function isIngestAcknowledgement(reply: HttpReply, batchId: string): boolean {
  if (reply.status !== 200 && reply.status !== 201) return false;
  const type = String(reply.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/json') return false;
  let body: unknown;
  try {
    body = JSON.parse(reply.body.toString('utf8'));
  } catch {
    return false;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { stored, id } = body as { stored?: unknown; id?: unknown };
  if (typeof stored !== 'boolean' || stored !== (reply.status === 201)) return false;
  return id === undefined || id === batchId;
}
