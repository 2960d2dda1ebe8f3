/**
 * Raw WebSocket frames, written byte by byte over a plain TCP socket after a real upgrade, against
 * the browser-mode server with the real services behind it. After every hostile frame that
 * connection ends (with the protocol's close code where one applies), a tab connected all along
 * keeps working, and a fresh connection is answered. `tests/bin/cli/commands/serve-frames.test.ts`
 * runs the same cases against a separate `genba serve` process.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../electron/server/app-services';
import { MAX_MESSAGE_BYTES, type BrowserServer } from '../../../electron/server/browser-server';
import { TASK_IMPORT_MAX_CHARS } from '../../../electron/shared/contract/teach';
import { useTempDir } from '../../helpers/temp-dir';
import { startServedApp, type ServedApp } from './served-app';
import {
  BAD_ID_REPLY,
  BINARY,
  callWithBadIds,
  frame,
  freshCall,
  hostileFrameCases,
  openClient,
  rawCall,
  rawConnect,
  sendFrameCase,
} from '../../helpers/raw-websocket';

const tempDir = useTempDir();
const CASES = hostileFrameCases(MAX_MESSAGE_BYTES);

describe('browser mode server under raw WebSocket frames', () => {
  let app: ServedApp;
  let services: AppServices;
  let server: BrowserServer;
  let bystander: WebSocket;
  const bystanderReplies: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    app = await startServedApp(tempDir(), 'technician');
    ({ services, server } = app);
    bystander = await openClient(server);
    bystander.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (!('event' in message)) bystanderReplies.push(message);
    });
  });

  afterAll(async () => {
    bystander.close();
    await app.close();
  });

  it(`survives ${CASES.length} hostile frame sequences, each closing only its own connection`, async () => {
    const survived: string[] = [];
    for (const [index, testCase] of CASES.entries()) {
      expect(await sendFrameCase(server, testCase), testCase.name).toBe(testCase.expectClose);
      expect(await freshCall(server, 1000 + index), testCase.name).toMatchObject({
        id: 1000 + index,
        ok: true,
      });
      survived.push(testCase.name);
    }
    bystander.send(JSON.stringify({ id: 7, channel: 'app.info', args: {} }));
    await expect.poll(() => bystanderReplies.find((r) => r.id === 7)).toMatchObject({ ok: true });
    expect(survived).toHaveLength(CASES.length);
  });

  it('refuses ids a reply cannot carry back and never runs their call', async () => {
    const connection = await rawConnect(server);
    for (const { id, reply } of await callWithBadIds(connection))
      expect(reply, id).toMatchObject(BAD_ID_REPLY);
    expect(await services.db.call('getSetting', 'ui.language')).toBeUndefined();
    // Whole numbers up to 2^53-1 and short strings come back exactly.
    for (const id of [0, Number.MAX_SAFE_INTEGER, 'tab-1']) {
      const reply = await rawCall(connection, JSON.stringify({ id, channel: 'app.info' }));
      expect(reply).toMatchObject({ id, ok: true });
    }
    const before = connection.texts.length;
    connection.socket.write(frame({ opcode: BINARY, payload: Buffer.from('{"id":1}') }));
    await expect.poll(() => connection.texts.length).toBeGreaterThan(before);
    expect(JSON.parse(connection.texts.at(-1)!)).toMatchObject({
      id: null,
      error: { code: 'malformed-message' },
    });
    connection.socket.end();
  });

  it('carries the largest import the contract allows, in Japanese, to the contract check', async () => {
    const ws = await openClient(server);
    const replies = new Map<number, Record<string, unknown>>();
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (typeof message.id === 'number') replies.set(message.id, message);
    });
    const atBound = `"${'作業'.repeat(TASK_IMPORT_MAX_CHARS / 2 - 1)}"`;
    const overBound = `"${'作業'.repeat(TASK_IMPORT_MAX_CHARS / 2)}"`;
    const message = (id: number, json: string) =>
      JSON.stringify({ id, channel: 'tasks.import', args: { json } });
    expect(Buffer.byteLength(message(1, atBound))).toBeGreaterThan(6_000_000);
    ws.send(message(1, atBound));
    ws.send(message(2, overBound));
    await expect.poll(() => replies.size, { timeout: 20_000 }).toBe(2);
    // At the bound the contract accepts the size and the task parser judges the content.
    expect(replies.get(1)).toMatchObject({ ok: false });
    expect((replies.get(1)!.error as { code: string }).code).not.toBe('invalid-arguments');
    expect(replies.get(2)).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
