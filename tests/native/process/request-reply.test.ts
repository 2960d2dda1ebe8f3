/**
 * The request/reply helper over both kinds of link it serves: a worker_threads port pair and a
 * real forked child process (tests/fixtures/request-server.child.ts).
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { forkLauncher, type ChildChannel } from '../../../native/process/child-channel';
import {
  portLink,
  RemoteError,
  Requester,
  serveRequests,
  type ReplyInfo,
} from '../../../native/process/request-reply';
import type { FixtureApi } from '../../fixtures/request-server.child';

const SERVER_CHILD = new URL('../../fixtures/request-server.child.ts', import.meta.url);
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

type PortApi = {
  add(a: number, b: number): number;
  later(ms: number, value: string): Promise<string>;
  refuse(): never;
  sum(values: Float64Array): number;
};

const portApi: PortApi = {
  add: (a, b) => a + b,
  later: (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms)),
  refuse: () => {
    throw Object.assign(new Error('The disk is full.'), { code: 'disk-full' });
  },
  sum: (values) => values.reduce((s, v) => s + v, 0),
};

function portPair(serial = false) {
  const { port1, port2 } = new MessageChannel();
  closers.push(() => port1.close());
  serveRequests(portLink(port2), portApi, { serial });
  const replies: ReplyInfo[] = [];
  const requester = new Requester<PortApi>(portLink(port1), {
    onReply: (info) => replies.push(info),
  });
  return { requester, replies, port1 };
}

function child(): { channel: ChildChannel; exited: Promise<number | null> } {
  const channel = forkLauncher(SERVER_CHILD);
  const exited = new Promise<number | null>((resolve) => channel.onExit((code) => resolve(code)));
  closers.push(() => channel.kill());
  return { channel, exited };
}

describe('request/reply over a worker_threads port', () => {
  it('answers typed calls, with the serving side’s time in each reply', async () => {
    const { requester, replies } = portPair();
    await expect(requester.call('add', [2, 40])).resolves.toBe(42);
    await expect(requester.call('later', [5, 'done'])).resolves.toBe('done');
    expect(replies.map((r) => r.method)).toEqual(['add', 'later']);
    expect(replies[1]!.durationMs).toBeGreaterThanOrEqual(replies[0]!.durationMs);
    expect(requester.waiting).toBe(0);
  });

  it('carries an error’s code and message across', async () => {
    const { requester } = portPair();
    const error = await requester.call('refuse', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ code: 'disk-full', message: 'The disk is full.' });
    const unknown = await (requester as unknown as Requester<{ nope(): void }>)
      .call('nope', [])
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'unknown-method' });
  });

  it('rebuilds errors the caller’s way when asked to', async () => {
    const { port1 } = portPair();
    class DiskError extends Error {
      constructor(
        readonly code: string,
        message: string,
      ) {
        super(message);
      }
    }
    const requester = new Requester<PortApi>(portLink(port1), {
      toError: (e, method) => new DiskError(e.code, `${method}: ${e.message}`),
    });
    const error = await requester.call('refuse', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiskError);
    expect(error).toMatchObject({ code: 'disk-full', message: 'refuse: The disk is full.' });
  });

  it('moves transferred buffers instead of copying them', async () => {
    const { requester } = portPair();
    const values = Float64Array.from([1, 2, 3.5]);
    await expect(requester.call('sum', [values], { transfer: [values.buffer] })).resolves.toBe(6.5);
    expect(values.byteLength).toBe(0);
  });

  it('times a call out, says what to do about it, and ignores its late answer', async () => {
    const { port1 } = portPair();
    const timedOut: string[] = [];
    const requester = new Requester<PortApi>(portLink(port1), {
      timeoutMs: 20,
      timeoutError: (method, ms) => new RemoteError('slow', `${method} took over ${ms} ms`),
      onTimeout: (method) => timedOut.push(method),
    });
    await expect(requester.call('later', [200, 'late'])).rejects.toMatchObject({
      code: 'slow',
      message: 'later took over 20 ms',
    });
    expect(timedOut).toEqual(['later']);
    expect(requester.waiting).toBe(0);
    // A call with its own, longer limit still answers on the same link.
    await expect(requester.call('later', [30, 'ok'], { timeoutMs: 2_000 })).resolves.toBe('ok');
  });

  it('answers in arrival order when serial, as they finish otherwise', async () => {
    for (const serial of [true, false]) {
      const { requester } = portPair(serial);
      const order: string[] = [];
      await Promise.all([
        requester.call('later', [60, 'slow']).then((v) => order.push(v)),
        requester.call('later', [0, 'fast']).then((v) => order.push(v)),
      ]);
      expect(order).toEqual(serial ? ['slow', 'fast'] : ['fast', 'slow']);
    }
  });

  it('rejects what is pending, and every later call, once failed', async () => {
    const { requester } = portPair();
    const pending = requester.call('later', [5_000, 'never']);
    expect(requester.waiting).toBe(1);
    requester.fail(new Error('the worker stopped'));
    await expect(pending).rejects.toThrow('the worker stopped');
    await expect(requester.call('add', [1, 1])).rejects.toThrow('the worker stopped');
  });

  it('leaves other messages on the link to their owner', async () => {
    const { port1, port2 } = new MessageChannel();
    closers.push(() => port1.close());
    serveRequests(portLink(port2), portApi);
    const requester = new Requester<PortApi>(portLink(port1));
    const others: unknown[] = [];
    port1.on('message', (m: { type?: string }) => m.type && others.push(m));
    port2.postMessage({ type: 'ready' });
    port2.postMessage({ rr: 'reply', id: 999, ok: true, value: 'stray', durationMs: 0 });
    await expect(requester.call('add', [1, 2])).resolves.toBe(3);
    expect(others).toEqual([{ type: 'ready' }]);
  });
});

describe('request/reply with a child process', () => {
  it('answers, with the child’s meta, and keeps an error’s code', async () => {
    const { channel } = child();
    const replies: ReplyInfo[] = [];
    const requester = new Requester<FixtureApi>(channel, { onReply: (r) => replies.push(r) });
    await expect(requester.call('echo', [{ a: [1, 'two'] }])).resolves.toEqual({ a: [1, 'two'] });
    expect(replies[0]!.meta).toEqual({ pid: channel.pid });
    await expect(
      requester.call('fail', ['pack-expired', 'The pack has expired.']),
    ).rejects.toMatchObject({
      code: 'pack-expired',
      message: 'The pack has expired.',
    });
  });

  it('rejects pending calls when the child crashes', async () => {
    const { channel, exited } = child();
    const requester = new Requester<FixtureApi>(channel);
    channel.onExit((code) =>
      requester.fail(new RemoteError('exited', `the helper exited (${code})`)),
    );
    await requester.call('echo', [1]);
    const hanging = requester.call('hang', []);
    const crashing = requester.call('exit', [3]);
    await expect(exited).resolves.toBe(3);
    await expect(hanging).rejects.toMatchObject({
      code: 'exited',
      message: 'the helper exited (3)',
    });
    await expect(crashing).rejects.toMatchObject({ code: 'exited' });
    expect(requester.waiting).toBe(0);
  });

  it('a timed-out call can end a hung child, whose exit fails the rest', async () => {
    const { channel, exited } = child();
    const requester = new Requester<FixtureApi>(channel, {
      timeoutMs: 300,
      onTimeout: () => channel.kill(),
    });
    channel.onExit(() => requester.fail(new Error('ended')));
    await requester.call('echo', ['warm'], { timeoutMs: 30_000 }); // the child is up
    const other = requester.call('hang', [], { timeoutMs: 60_000 });
    await expect(requester.call('hang', [])).rejects.toMatchObject({ code: 'timeout' });
    await exited;
    await expect(other).rejects.toThrow('ended');
  });
});
