/**
 * A WebSocket client written by hand over a plain TCP socket, for sending frames no library would:
 * the frame encoder, a real upgrade handshake, a parser for the server's frames, and the hostile
 * frame sequences the browser-mode tests throw at `genba serve`.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { API_PATH } from '../../electron/server/browser-server';

/** Where to connect: the port, the token and the Origin the server expects. */
export interface RawTarget {
  port: number;
  token: string;
  origin: string;
}

export const TEXT = 0x1;
export const BINARY = 0x2;
const CONTINUATION = 0x0;
const CLOSE = 0x8;
const PING = 0x9;

export interface FrameSpec {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  rsv?: number;
  masked?: boolean;
  /** Length written in the header when it differs from the payload sent (truncation, oversize). */
  declaredLength?: bigint;
}

export function frame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = spec.declaredLength ?? BigInt(payload.length);
  const masked = spec.masked ?? true;
  const head = [((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | spec.opcode];
  const maskBit = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65536n) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(Number(length));
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(length);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), extended, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from(head), extended, mask, body]);
}

const closePayload = (code: number, reason = Buffer.alloc(0)) => {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(code);
  return Buffer.concat([bytes, reason]);
};

export interface RawConnection {
  socket: Socket;
  /** The close code the server sent, or null when it only dropped the TCP connection. */
  ended: Promise<number | null>;
  texts: string[];
}

/** Upgrades a plain TCP socket by hand and parses the server's (unmasked) frames. */
export async function rawConnect(server: RawTarget): Promise<RawConnection> {
  const socket = connect(server.port, '127.0.0.1');
  socket.on('error', () => {});
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET ${API_PATH}?token=${encodeURIComponent(server.token)} HTTP/1.1\r\n` +
      `Host: 127.0.0.1:${server.port}\r\nOrigin: ${server.origin}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let closeCode: number | null = null;
  const texts: string[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = buffer.subarray(0, end).toString('latin1').split('\r\n')[0];
        if (!status?.startsWith('HTTP/1.1 101')) return reject(new Error(String(status)));
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        resolve();
      }
      for (;;) {
        if (buffer.length < 2) return;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const opcode = buffer[0]! & 0x0f;
        const payload = buffer.subarray(offset, offset + length);
        if (opcode === TEXT) texts.push(payload.toString('utf8'));
        if (opcode === CLOSE) closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        buffer = buffer.subarray(offset + length);
      }
    });
    socket.once('close', () => reject(new Error('closed before the upgrade')));
  });
  const ended = new Promise<number | null>((resolve) => {
    socket.once('close', () => resolve(closeCode));
  });
  await opened;
  return { socket, ended, texts };
}

export interface FrameCase {
  name: string;
  frames: Buffer[];
  /** Close code the server must send; null: the server only sees the TCP connection end. */
  expectClose: number | null;
  /** How the client leaves after writing (default: waits for the server to close). */
  then?: 'end' | 'reset';
}

export const textFrame = (text: string, extra: Partial<FrameSpec> = {}) =>
  frame({ opcode: TEXT, payload: Buffer.from(text), ...extra });

/** Each closes (or ends) its connection; `maxMessageBytes` is the server's payload limit. */
export function hostileFrameCases(maxMessageBytes: number): FrameCase[] {
  return [
    {
      name: 'declared length one byte over the limit',
      frames: [frame({ opcode: TEXT, declaredLength: BigInt(maxMessageBytes + 1) })],
      expectClose: 1009,
    },
    {
      name: 'declared length 2^63 (beyond 2^53)',
      frames: [frame({ opcode: TEXT, declaredLength: 2n ** 63n })],
      expectClose: 1009,
    },
    {
      name: 'fragments that together pass the limit',
      frames: [
        textFrame('{"id":1,', { fin: false }),
        frame({ opcode: CONTINUATION, declaredLength: BigInt(maxMessageBytes) }),
      ],
      expectClose: 1009,
    },
    {
      name: 'invalid UTF-8 in a text frame',
      frames: [frame({ opcode: TEXT, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })],
      expectClose: 1007,
    },
    {
      name: 'overlong UTF-8 encoding',
      frames: [frame({ opcode: TEXT, payload: Buffer.from([0xc0, 0xaf]) })],
      expectClose: 1007,
    },
    {
      name: 'UTF-8 sequence cut between fragments then ended',
      frames: [
        frame({ opcode: TEXT, fin: false, payload: Buffer.from([0xe3, 0x81]) }),
        frame({ opcode: CONTINUATION, payload: Buffer.from([0x41]) }),
      ],
      expectClose: 1007,
    },
    {
      name: 'invalid UTF-8 in a close reason',
      frames: [frame({ opcode: CLOSE, payload: closePayload(1000, Buffer.from([0xff])) })],
      expectClose: 1007,
    },
    ...[0x3, 0x7, 0xb, 0xf].map((opcode) => ({
      name: `reserved opcode 0x${opcode.toString(16)}`,
      frames: [frame({ opcode, payload: Buffer.from('x') })],
      expectClose: 1002,
    })),
    {
      name: 'unmasked client frame',
      frames: [textFrame('{"id":1,"channel":"app.info"}', { masked: false })],
      expectClose: 1002,
    },
    ...[1, 2, 4].map((bit) => ({
      name: `RSV${bit === 4 ? 1 : bit === 2 ? 2 : 3} bit set`,
      frames: [textFrame('{"id":1,"channel":"app.info"}', { rsv: bit })],
      expectClose: 1002,
    })),
    ...[0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535].map((code) => ({
      name: `close code ${code}`,
      frames: [frame({ opcode: CLOSE, payload: closePayload(code) })],
      expectClose: 1002,
    })),
    {
      name: 'close frame with a one-byte body',
      frames: [frame({ opcode: CLOSE, payload: Buffer.from([0x03]) })],
      expectClose: 1002,
    },
    {
      name: 'fragmented ping',
      frames: [frame({ opcode: PING, fin: false, payload: Buffer.from('x') })],
      expectClose: 1002,
    },
    {
      name: 'ping longer than 125 bytes',
      frames: [frame({ opcode: PING, payload: Buffer.alloc(126, 0x61) })],
      expectClose: 1002,
    },
    {
      name: 'continuation without a first fragment',
      frames: [frame({ opcode: CONTINUATION, payload: Buffer.from('x') })],
      expectClose: 1002,
    },
    {
      name: 'new message while a fragmented one is open',
      frames: [textFrame('{"id":', { fin: false }), textFrame('{"id":1}')],
      expectClose: 1002,
    },
    {
      name: 'truncated frame then TCP end',
      frames: [frame({ opcode: TEXT, declaredLength: 100n, payload: Buffer.from('{"id":1,') })],
      expectClose: null,
      then: 'end',
    },
    {
      name: 'truncated frame then TCP reset',
      frames: [frame({ opcode: TEXT, declaredLength: 100n, payload: Buffer.from('{"id":1,') })],
      expectClose: null,
      then: 'reset',
    },
    {
      name: 'fragmented message without an end then TCP end',
      frames: [textFrame('{"id":1,', { fin: false }), frame({ opcode: CONTINUATION, fin: false })],
      expectClose: null,
      then: 'end',
    },
    {
      name: 'half a frame header then TCP reset',
      frames: [Buffer.from([0x81])],
      expectClose: null,
      then: 'reset',
    },
  ];
}

const isReply = (text: string) => !text.startsWith('{"event"');

/**
 * Opens a connection, sends one hostile case's frames and ends it the case's way; resolves with
 * how the server closed it (its close code, or null when it only dropped the connection).
 */
export async function sendFrameCase(
  target: RawTarget,
  testCase: FrameCase,
): Promise<number | null> {
  const connection = await rawConnect(target);
  for (const bytes of testCase.frames) connection.socket.write(bytes);
  if (testCase.then === 'end') connection.socket.end();
  if (testCase.then === 'reset') connection.socket.resetAndDestroy();
  return connection.ended;
}

/** Each of BAD_IDS with a call that would change the language, and the reply it got. */
export async function callWithBadIds(
  connection: RawConnection,
): Promise<{ id: string; reply: Record<string, unknown> }[]> {
  const replies = [];
  for (const id of BAD_IDS) {
    const text = `{"id":${id},"channel":"settings.setLanguage","args":{"language":"ja"}}`;
    replies.push({ id, reply: await rawCall(connection, text) });
  }
  return replies;
}

/** What the server answers a bad id with: no id back, and the call not run. */
export const BAD_ID_REPLY = { id: null, ok: false, error: { code: 'malformed-message' } };

/** Writes one masked text frame and resolves with the next reply (events skipped). */
export async function rawCall(
  connection: RawConnection,
  text: string,
  timeoutMs = 15_000,
): Promise<Record<string, unknown>> {
  const before = connection.texts.length;
  connection.socket.write(textFrame(text));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = connection.texts.slice(before).find(isReply);
    if (reply !== undefined) return JSON.parse(reply) as Record<string, unknown>;
    if (Date.now() > deadline) throw new Error(`no reply to ${text.slice(0, 80)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Opens a connection the way the UI does (the `ws` client). */
export async function openClient(target: RawTarget): Promise<WebSocket> {
  const ws = new WebSocket(
    `ws://127.0.0.1:${target.port}${API_PATH}?token=${encodeURIComponent(target.token)}`,
    { origin: target.origin },
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

/** One well-formed `app.info` call on a fresh connection; resolves with its reply. */
export async function freshCall(target: RawTarget, id: number): Promise<Record<string, unknown>> {
  const ws = await openClient(target);
  const reply = await new Promise<Record<string, unknown>>((resolve) => {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (message.id === id) resolve(message);
    });
    ws.send(JSON.stringify({ id, channel: 'app.info', args: {} }));
  });
  ws.close();
  return reply;
}

/** Ids a reply could not carry back exactly (as JSON text), each sent with a call that changes something. */
export const BAD_IDS = [
  '1e999',
  '-1e999',
  '-1',
  '1.5',
  '9007199254740992',
  '""',
  `"${'x'.repeat(101)}"`,
  'true',
  'null',
  '{}',
  '[1]',
];
