import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppServices } from '../../../electron/server/app-services';
import { API_PATH, type BrowserServer } from '../../../electron/server/browser-server';
import { useTempDir } from '../../helpers/temp-dir';
import { startServedApp, type ServedApp } from './served-app';

const tempDir = useTempDir();

describe('browser mode server', () => {
  let app: ServedApp;
  let services: AppServices;
  let server: BrowserServer;

  beforeEach(async () => {
    app = await startServedApp(tempDir(), 'care-staff');
    ({ services, server } = app);
  });

  afterEach(async () => {
    await app.close();
  });

  const apiUrl = (token: string | null) =>
    `ws://127.0.0.1:${server.port}${API_PATH}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;

  /** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
  const connectStatus = (url: string, origin?: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(url, origin ? { origin } : {});
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });

  it('listens on loopback only and prints a URL carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
  });

  it('refuses a missing or wrong token', async () => {
    expect(await connectStatus(apiUrl(null), server.origin)).toBe(401);
    expect(await connectStatus(apiUrl('not-the-token'), server.origin)).toBe(401);
    expect(await connectStatus(apiUrl(server.token.slice(0, -1)), server.origin)).toBe(401);
    expect(await connectStatus(apiUrl(server.token), server.origin)).toBe(101);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    expect(await connectStatus(apiUrl(server.token), 'http://evil.example')).toBe(403);
    expect(await connectStatus(apiUrl(server.token), 'http://127.0.0.1:1')).toBe(403);
    expect(await connectStatus(apiUrl(server.token), 'null')).toBe(403);
  });

  async function open(): Promise<{
    call: (message: unknown) => Promise<Record<string, unknown>>;
    close: () => void;
  }> {
    const ws = new WebSocket(apiUrl(server.token), { origin: server.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    const replies: Array<(reply: Record<string, unknown>) => void> = [];
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if ('event' in message) return;
      replies.shift()?.(message);
    });
    return {
      call: (message) =>
        new Promise((resolve) => {
          replies.push(resolve);
          ws.send(typeof message === 'string' ? message : JSON.stringify(message));
        }),
      close: () => ws.close(),
    };
  }

  it('answers a well-formed call', async () => {
    const client = await open();
    const reply = await client.call({
      id: 1,
      channel: 'settings.setLanguage',
      args: { language: 'ja' },
    });
    expect(reply).toEqual({ id: 1, ok: true, value: { language: 'ja' } });
    client.close();
  });

  it('gives a clear error for malformed calls and changes nothing', async () => {
    const client = await open();
    const auditBefore = await services.db.call('latestAudit', 100);

    const wrongType = await client.call({
      id: 2,
      channel: 'settings.setLanguage',
      args: { language: 42 },
    });
    expect(wrongType).toMatchObject({ id: 2, ok: false, error: { code: 'invalid-arguments' } });
    expect(String((wrongType.error as { message: string }).message)).toMatch(
      /language.*Nothing was changed/s,
    );

    const extraField = await client.call({
      id: 3,
      channel: 'settings.setLanguage',
      args: { language: 'en', admin: true },
    });
    expect(extraField).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });

    const unknown = await client.call({ id: 4, channel: 'robots.deleteEverything', args: {} });
    expect(unknown).toMatchObject({ id: 4, ok: false, error: { code: 'unknown-channel' } });

    const proto = await client.call({ id: 5, channel: '__proto__', args: {} });
    expect(proto).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });

    const notJson = await client.call('{ this is not json');
    expect(notJson).toMatchObject({ id: null, ok: false, error: { code: 'malformed-message' } });

    expect(await services.db.call('latestAudit', 100)).toEqual(auditBefore);
    expect(await services.db.call('getSetting', 'ui.language')).toBeUndefined();
    // The connection survives bad input and still works.
    expect(await client.call({ id: 6, channel: 'settings.getUi', args: {} })).toMatchObject({
      ok: true,
      value: { language: null },
    });
    client.close();
  });

  it('serves the UI with a strict Content-Security-Policy and no path traversal', async () => {
    const res = await fetch(`${server.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const traversal = await fetch(`${server.origin}/..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).not.toContain('root:');
  });
});
