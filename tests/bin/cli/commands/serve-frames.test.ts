/**
 * `genba serve` as a separate process under hostile raw WebSocket frames: after each sequence the
 * process is still running and a fresh connection is answered; ids a reply cannot carry back are
 * refused without running their call. The same cases run in-process, with more checks, in
 * tests/electron/server/browser-server-frames.test.ts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../../electron/server/browser-server';
import { startGenba, type RunningGenba } from '../../../e2e/genba-server';
import { useTempDir } from '../../../helpers/temp-dir';
import {
  BAD_ID_REPLY,
  callWithBadIds,
  freshCall,
  hostileFrameCases,
  rawCall,
  rawConnect,
  sendFrameCase,
  type RawTarget,
} from '../../../helpers/raw-websocket';

const tempDir = useTempDir();
const CASES = hostileFrameCases(MAX_MESSAGE_BYTES);

describe('genba serve under raw WebSocket frames', () => {
  let genba: RunningGenba;
  let target: RawTarget;

  beforeAll(async () => {
    genba = await startGenba(['--no-demo', '--db', join(tempDir(), 'genba.sqlite')]);
    const url = new URL(genba.url);
    const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    target = { port: Number(url.port), token, origin: url.origin };
  });

  afterAll(async () => {
    await genba?.stop();
  });

  it(`stays up through ${CASES.length} hostile frame sequences`, async () => {
    for (const [index, testCase] of CASES.entries()) {
      expect(await sendFrameCase(target, testCase), testCase.name).toBe(testCase.expectClose);
      expect(genba.child.exitCode, `${testCase.name}\n${genba.output()}`).toBeNull();
      expect(await freshCall(target, 1000 + index), testCase.name).toMatchObject({ ok: true });
    }
  });

  it('refuses bad ids without running the call', async () => {
    const connection = await rawConnect(target);
    for (const { id, reply } of await callWithBadIds(connection))
      expect(reply, id).toMatchObject(BAD_ID_REPLY);
    const ui = await rawCall(connection, '{"id":1,"channel":"settings.getUi","args":{}}');
    expect(ui).toMatchObject({ id: 1, ok: true, value: { language: null } });
    connection.socket.end();
    expect(genba.child.exitCode).toBeNull();
  });
});
