/**
 * The whole-request deadline, against real loopback servers that keep the connection busy (a byte
 * now and then, so no idle timeout ever fires) without ever finishing their answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { httpGet, NetworkError, putBatch } from '../../../native/sync/http-client';
import {
  startTricklingUpstream,
  type MisbehavingUpstream,
} from '../../helpers/misbehaving-upstream';

const DEADLINE_MS = 800;

const servers: MisbehavingUpstream[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const trickling = async (phase: 'headers' | 'body') => {
  const server = await startTricklingUpstream(phase);
  servers.push(server);
  return server;
};

const put = (endpoint: string) =>
  putBatch({
    endpoint: new URL(endpoint),
    batchId: 'a'.repeat(64),
    gzipBody: Buffer.from('not really gzip'),
    token: 't',
    deadlineMs: DEADLINE_MS,
  });

describe('sync HTTP client deadline', () => {
  it('ends a PUT whose answer headers trickle in', async () => {
    const server = await trickling('headers');
    const error = await put(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'EDEADLINE' });
    expect((error as Error).message).toMatch(/did not finish answering within 1 s/);
    expect(server.bytesSent()).toBeGreaterThan(1); // it was busy, not silent
  });

  it('ends a PUT whose answer body trickles in', async () => {
    const server = await trickling('body');
    await expect(put(server.url)).rejects.toMatchObject({ code: 'EDEADLINE' });
    expect(server.bytesSent()).toBeGreaterThan(1);
  });

  it('ends a GET whose headers trickle in, and keeps what a trickled body brought', async () => {
    const headers = await trickling('headers');
    await expect(httpGet(new URL(headers.url), { deadlineMs: DEADLINE_MS })).rejects.toMatchObject({
      code: 'EDEADLINE',
    });
    const body = await trickling('body');
    const reply = await httpGet(new URL(body.url), { deadlineMs: DEADLINE_MS });
    expect(reply.complete).toBe(false);
    expect(reply.body.toString()).toMatch(/^\{+$/);
  });
});
