/**
 * Robot link benchmark (run with `npx tsx tests/bench/robot-link.bench.ts`; prints its figures).
 *
 * 1. Poll cycles per second of the five-joint diagnostics Fast Sync Read (124, 23 bytes, ids
 *    11–15) over a real socat PTY pair against `genba sim` in its own process, next to the
 *    wire-time limit of the same transaction at 1 Mbps and 4 Mbps ((request + reply bytes) × 10
 *    bits ÷ baud). The simulator times its replies at 4 Mbps with Return Delay Time 0, so what is
 *    measured is the software (both processes, socat, the serialport binding). Target: faster
 *    than the 4 Mbps wire limit.
 *    Reference in the same run: a bare echo (19 B out, 143 B back, no protocol) over another PTY
 *    pair, with serialport's stock thread-pool binding and with our non-blocking binding — the
 *    ceiling the transport itself allows.
 * 2. Emergency-stop latency, from the call to the last byte written, while the poll loop runs
 *    flat out (p50 / p99 over 250 trials), as a ratio to one poll transaction measured in the same
 *    process (these machines are noisy; ratios travel better than milliseconds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamixelBus } from '../../native/servos/dynamixel2/bus';
import {
  DIAGNOSTICS_ADDRESS,
  DIAGNOSTICS_LENGTH,
} from '../../native/servos/dynamixel2/diagnostics';
import { encodeFastReadReply } from '../../native/servos/dynamixel2/fast-read';
import { buildFastSyncRead } from '../../native/servos/dynamixel2/instructions';
import { ArmSession } from '../../native/robots/arm-session';
import { getRobotProfile } from '../../native/robots/robot-profile';
import { wireTimeMs } from '../../native/transport/byte-transport';
import { SerialPortTransport } from '../../native/transport/serial-port-transport';
import { withNonBlockingBinding } from '../../native/transport/nonblocking-binding';
import { SerialPort } from 'serialport';
import { startSim } from '../helpers/genba-process';
import { startPtyPair } from '../helpers/socat-pair';

const IDS = [11, 12, 13, 14, 15];
const BAUD = 4_000_000;
const POLL_SECONDS = 4;
const ESTOP_TRIALS = 250;

const requestBytes = buildFastSyncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, IDS).length;
const replyBytes = encodeFastReadReply(
  IDS.map((id) => ({ id, error: 0, data: new Uint8Array(DIAGNOSTICS_LENGTH) })),
).length;
const wireLimitHz = (baud: number) => 1000 / wireTimeMs(requestBytes + replyBytes, baud);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Round trips per second of a bare 19 B → 143 B echo between two ports, within one process. */
async function echoCeiling(dir: string, nonBlocking: boolean, ms = 1500): Promise<number> {
  const echoPair = await startPtyPair(dir, nonBlocking ? 'echo-nb' : 'echo-tp');
  const open = async (path: string) => {
    const options = { path, baudRate: BAUD, autoOpen: false };
    const port = new SerialPort(nonBlocking ? withNonBlockingBinding(options) : options);
    await new Promise<void>((resolve, reject) =>
      port.open((error) => (error ? reject(error) : resolve())),
    );
    return port;
  };
  const device = await open(echoPair.device);
  const app = await open(echoPair.app);
  const reply = Buffer.alloc(replyBytes);
  let pending = 0;
  device.on('data', (chunk: Buffer) => {
    pending += chunk.length;
    if (pending >= requestBytes) {
      pending = 0;
      device.write(reply);
    }
  });
  let received = 0;
  let done: (() => void) | null = null;
  app.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received >= replyBytes && done) {
      received = 0;
      const resolve = done;
      done = null;
      resolve();
    }
  });
  const request = Buffer.alloc(requestBytes);
  let trips = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    await new Promise<void>((resolve) => {
      done = resolve;
      app.write(request);
    });
    trips++;
  }
  const hz = trips / ((performance.now() - started) / 1000);
  await new Promise((resolve) => app.close(resolve));
  await new Promise((resolve) => device.close(resolve));
  await echoPair.kill();
  return hz;
}

const dir = mkdtempSync(join(tmpdir(), 'genba-bench-'));
const stockEchoHz = await echoCeiling(dir, false);
const nonBlockingEchoHz = await echoCeiling(dir, true);
const pair = await startPtyPair(dir, 'bench');
const sim = await startSim([
  '--port',
  pair.device,
  '--robot',
  'openmanipulator-x',
  '--baud',
  String(BAUD),
]);
try {
  // Return Delay Time 0 on every servo (EEPROM: torque is off after start).
  const setup = await SerialPortTransport.open(pair.app, BAUD);
  const setupBus = new DynamixelBus(setup);
  for (const id of IDS) await setupBus.write(id, 9, Uint8Array.of(0));
  setupBus.close();
  await setup.close();

  // 1a. The raw transaction, back to back.
  const transport = await SerialPortTransport.open(pair.app, BAUD);
  const bus = new DynamixelBus(transport, { returnDelayUs: 0 });
  for (let i = 0; i < 200; i++)
    await bus.fastSyncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, IDS);
  let cycles = 0;
  const started = performance.now();
  while (performance.now() - started < POLL_SECONDS * 1000) {
    await bus.fastSyncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, IDS, { priority: 'poll' });
    cycles++;
  }
  const rawHz = cycles / ((performance.now() - started) / 1000);
  const cycleMs = 1000 / rawHz;
  bus.close();
  await transport.close();

  // 1b. The session's poll loop flat out (diagnostics every cycle, status every 5th).
  const profile = getRobotProfile('openmanipulator-x');
  if (profile.kind !== 'arm') throw new Error('profile');
  const session = new ArmSession(
    profile,
    {
      id: 'bench-arm',
      name: 'Bench arm',
      identity: 'bench',
      port: pair.app,
      open: () => SerialPortTransport.open(pair.app, BAUD),
      pollHz: 1_000_000,
    },
    { statusEvery: 5 },
  );
  await session.start();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const sessionHz: number[] = [];
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    sessionHz.push(session.measuredPollHz);
  }

  // 2. Emergency stop while the loop is busy.
  const latencies: number[] = [];
  let dropped = 0;
  for (let i = 0; i < ESTOP_TRIALS; i++) {
    await new Promise((resolve) => setTimeout(resolve, 3 + Math.random() * 7));
    const result = await session.emergencyStop();
    if (!result) throw new Error('the session is not connected');
    latencies.push(result.writtenAt - result.calledAt);
    dropped += result.droppedPolls;
  }
  const counters = session.currentBus?.counters;
  await session.close();
  latencies.sort((a, b) => a - b);

  const f = (n: number, digits = 0) => n.toFixed(digits).padStart(8);
  const p50 = percentile(latencies, 0.5);
  const p99 = percentile(latencies, 0.99);
  console.log(
    `Robot link benchmark (socat PTY pair, genba sim in its own process, Node ${process.versions.node})`,
  );
  console.log(
    `Fast Sync Read of 124..146 for ids ${IDS.join(',')}: ${requestBytes} B request + ${replyBytes} B reply`,
  );
  console.log(`  reference: bare echo, stock serialport binding   ${f(stockEchoHz)} round trips/s`);
  console.log(
    `  reference: bare echo, non-blocking binding       ${f(nonBlockingEchoHz)} round trips/s  (${(nonBlockingEchoHz / stockEchoHz).toFixed(2)}× stock)`,
  );
  console.log(`  wire limit @ 1 Mbps            ${f(wireLimitHz(1_000_000))} cycles/s`);
  console.log(`  wire limit @ 4 Mbps            ${f(wireLimitHz(4_000_000))} cycles/s`);
  console.log(
    `  measured, back-to-back         ${f(rawHz)} cycles/s  (${(rawHz / wireLimitHz(4_000_000)).toFixed(2)}× the 4 Mbps limit, ${(rawHz / wireLimitHz(1_000_000)).toFixed(2)}× the 1 Mbps limit)`,
  );
  console.log(
    `  measured, session poll loop    ${f(Math.max(...sessionHz))} cycles/s  (diagnostics + status every 5th; ${(Math.max(...sessionHz) / wireLimitHz(4_000_000)).toFixed(2)}× the 4 Mbps limit, ${(Math.max(...sessionHz) / nonBlockingEchoHz).toFixed(2)}× the bare echo)`,
  );
  console.log(
    `Emergency stop, call → last byte written, poll loop busy (${ESTOP_TRIALS} trials, ${dropped} queued polls dropped):`,
  );
  console.log(
    `  bus during the e-stop trials: ${counters?.timeouts ?? 0} timeouts, ${counters?.retries ?? 0} retries, ${counters?.crcErrors ?? 0} CRC errors`,
  );
  console.log(
    `  p50 ${p50.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms  max ${(latencies.at(-1) ?? NaN).toFixed(3)} ms`,
  );
  console.log(
    `  p50 / one poll transaction (${cycleMs.toFixed(3)} ms) = ${(p50 / cycleMs).toFixed(2)}; p99 ratio ${(p99 / cycleMs).toFixed(2)}`,
  );
} finally {
  await sim.stop();
  await pair.kill();
  rmSync(dir, { recursive: true, force: true });
}
