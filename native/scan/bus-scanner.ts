/**
 * Bus scan: protocol × baud × id over one ByteTransport, with progress and cancel.
 *
 * - Dynamixel 2.0 has a broadcast ping: one transaction per baud finds every servo, which answer
 *   in id order with their model number.
 * - Modbus RTU has no broadcast read, so each id 1–247 is asked for the Robotiq status input
 *   registers (2000) with a short timeout. A normal reply identifies a Robotiq 2F; any exception
 *   reply still proves a device holds that id.
 * - A device counts only once it has answered a request addressed to it that a stray packet could
 *   not answer: each broadcast-ping reply is followed by a read of that servo's model number (its
 *   id and the reply's length must match), each Modbus reply by a one-register read with another
 *   function code (unit, function and byte count must match). Status packets nobody asked for
 *   (another master, chatter from the far end) make no phantom device.
 * - A port that closes mid-scan ends it with ScanPortClosedError, which carries what was found.
 *
 * Baud order: each protocol tries the bauds the known robot profiles use first, and stops trying
 * further bauds once it has found devices (a bus runs at one rate). This matters for PTYs: a
 * socat pair carries no baud rate (each end has its own termios), so a simulator behind a PTY
 * answers at every rate, and without the stop it would be "found" once per baud. A real UART at
 * the wrong rate sees garbage and stays silent, as the loopback transport's garbling models.
 */
import type { BusProtocol, ScanDevice } from '../domain';
import { DynamixelBus, type PingResult } from '../servos/dynamixel2/bus';
import { DynamixelStatusError } from '../servos/dynamixel2/bus-errors';
import { decodeUint } from '../servos/dynamixel2/bytes';
import { ModbusRtuClient } from '../modbus/client';
import { ModbusExceptionError, ModbusResponseMismatchError } from '../modbus/errors';
import { wireTimeMs, type ByteTransport } from '../transport/byte-transport';
import { INPUT_REGISTERS, OUTPUT_REGISTERS } from '../grippers/robotiq/registers';
import { loadRobotProfiles } from '../robots/robot-profile';
import { dynamixelModelName, GENERIC_MODBUS_MODEL, ROBOTIQ_2F_MODEL } from './device-models';

export const ALL_PROTOCOLS: readonly BusProtocol[] = ['dynamixel2', 'modbus-rtu'];

/** Common Dynamixel rates, the OpenManipulator-X's 1 Mbps first (see file comment). */
export const DEFAULT_DYNAMIXEL_BAUDS: readonly number[] = [
  1_000_000, 57_600, 115_200, 2_000_000, 3_000_000, 4_000_000, 9_600,
];
/** Common Modbus RTU rates, the Robotiq 2F-85's 115200 first. */
export const DEFAULT_MODBUS_BAUDS: readonly number[] = [115_200, 9_600, 19_200, 38_400, 57_600];

export const MODBUS_MIN_ID = 1;
export const MODBUS_MAX_ID = 247;

export interface ScanStep {
  protocol: BusProtocol;
  baud: number;
  /** Units of work done so far (a Dynamixel baud is one; a Modbus id is one). */
  done: number;
  total: number;
  found: ScanDevice[];
  /** This baud was skipped: the protocol already found its devices at another rate. */
  skipped?: boolean;
}

export interface ScanOptions {
  protocols?: readonly BusProtocol[];
  /** Rates to try for every protocol, in this order; default: each protocol's own list. */
  bauds?: readonly number[];
  /** Modbus ids to probe; default 1–247. */
  modbusIds?: { from: number; to: number };
  /** Reply budget of each Modbus probe beyond the wire time; default 12 ms. */
  modbusTurnaroundMs?: number;
  /** Keep trying a protocol's further bauds after one found devices (default false). */
  exhaustive?: boolean;
  signal?: AbortSignal;
  onProgress?: (step: ScanStep) => void;
  onFound?: (device: ScanDevice) => void;
}

export class ScanCancelledError extends Error {
  constructor() {
    super('The scan was cancelled.');
    this.name = 'ScanCancelledError';
  }
}

/** The port went away mid-scan (unplugged, the far end closed): not any device's fault. */
export class ScanPortClosedError extends Error {
  constructor(readonly found: ScanDevice[]) {
    super(
      `The port closed during the scan (unplugged or in use elsewhere?); ${found.length} device(s) found before that are listed.`,
    );
    this.name = 'ScanPortClosedError';
  }
}

/** Model Number, the first two bytes of every Dynamixel 2.0 control table. */
const MODEL_NUMBER_ADDRESS = 0;

interface Plan {
  protocol: BusProtocol;
  bauds: number[];
}

function planFor(options: ScanOptions): Plan[] {
  const protocols = options.protocols?.length ? options.protocols : ALL_PROTOCOLS;
  return [...new Set(protocols)].map((protocol) => ({
    protocol,
    bauds: [...new Set(options.bauds?.length ? options.bauds : defaultBauds(protocol))],
  }));
}

/** The rates known robot profiles use on this protocol come first, then the common ones. */
export function defaultBauds(protocol: BusProtocol): number[] {
  const common = protocol === 'dynamixel2' ? DEFAULT_DYNAMIXEL_BAUDS : DEFAULT_MODBUS_BAUDS;
  let own: number[] = [];
  try {
    own = [...loadRobotProfiles().values()]
      .filter((profile) => profile.protocol === protocol)
      .map((profile) => profile.baudRate);
  } catch {
    // A broken profile file must not stop a scan; the common list still covers it.
  }
  return [...new Set([...own, ...common])];
}

function modbusIdRange(options: ScanOptions): number[] {
  const from = Math.max(MODBUS_MIN_ID, options.modbusIds?.from ?? MODBUS_MIN_ID);
  const to = Math.min(MODBUS_MAX_ID, options.modbusIds?.to ?? MODBUS_MAX_ID);
  const ids: number[] = [];
  for (let id = from; id <= to; id++) ids.push(id);
  return ids;
}

/** Units of work of a whole scan, for a progress bar. */
export function scanTotal(options: ScanOptions): number {
  const ids = modbusIdRange(options).length;
  return planFor(options).reduce(
    (sum, plan) => sum + plan.bauds.length * (plan.protocol === 'dynamixel2' ? 1 : ids),
    0,
  );
}

/**
 * Scans the bus behind `transport` (left open, at whatever baud it ended on). Resolves with
 * every device found, in scan order; rejects with ScanCancelledError when the signal aborts and
 * with ScanPortClosedError (holding the devices found so far) when the port closes.
 */
export async function scanBus(
  transport: ByteTransport,
  options: ScanOptions = {},
): Promise<ScanDevice[]> {
  const found: ScanDevice[] = [];
  try {
    return await scanInto(found, transport, options);
  } catch (error) {
    if (!(error instanceof ScanCancelledError) && !transport.isOpen)
      throw new ScanPortClosedError([...found]);
    throw error;
  }
}

async function scanInto(
  found: ScanDevice[],
  transport: ByteTransport,
  options: ScanOptions,
): Promise<ScanDevice[]> {
  const ids = modbusIdRange(options);
  const total = scanTotal(options);
  let done = 0;
  const checkCancel = () => {
    if (options.signal?.aborted) throw new ScanCancelledError();
  };
  const progress = (protocol: BusProtocol, baud: number, skipped = false) =>
    options.onProgress?.({
      protocol,
      baud,
      done,
      total,
      found: [...found],
      ...(skipped ? { skipped } : {}),
    });
  const add = (device: ScanDevice) => {
    found.push(device);
    options.onFound?.(device);
  };

  for (const plan of planFor(options)) {
    const unit = plan.protocol === 'dynamixel2' ? 1 : ids.length;
    let foundHere = false;
    for (const baud of plan.bauds) {
      checkCancel();
      if (foundHere && !options.exhaustive) {
        // A bus runs at one rate; see the file comment on PTYs.
        done += unit;
        progress(plan.protocol, baud, true);
        continue;
      }
      if (transport.baudRate !== baud) await transport.setBaudRate(baud);
      progress(plan.protocol, baud);
      if (plan.protocol === 'dynamixel2') {
        const devices = await scanDynamixel(transport, baud);
        devices.forEach(add);
        foundHere ||= devices.length > 0;
        done += 1;
        progress(plan.protocol, baud);
      } else {
        const before = found.length;
        await scanModbus(
          transport,
          baud,
          ids,
          options,
          (device) => add(device),
          () => {
            done += 1;
            if (done % 8 === 0) progress(plan.protocol, baud);
          },
        );
        foundHere ||= found.length > before;
        progress(plan.protocol, baud);
      }
    }
  }
  return found;
}

async function scanDynamixel(transport: ByteTransport, baud: number): Promise<ScanDevice[]> {
  // One retry: the confirming read must not lose a real servo to a single damaged packet.
  const bus = new DynamixelBus(transport, { retries: 1 });
  try {
    const replies = await bus.broadcastPing({ priority: 'user' });
    const devices: ScanDevice[] = [];
    for (const reply of replies) {
      if (!(await answersItsOwnRead(bus, reply))) continue;
      devices.push({
        protocol: 'dynamixel2',
        id: reply.id,
        baud,
        model: dynamixelModelName(reply.modelNumber),
      });
    }
    return devices;
  } finally {
    bus.close();
  }
}

/** The servo that sent `reply` answers a read addressed to its id, with the same model number. */
async function answersItsOwnRead(bus: DynamixelBus, reply: PingResult): Promise<boolean> {
  try {
    const read = await bus.read(reply.id, MODEL_NUMBER_ADDRESS, 2, { priority: 'user' });
    return read.id === reply.id && decodeUint(read.data, 0, 2) === reply.modelNumber;
  } catch (error) {
    // A status error is still that servo answering us (with a fault to report).
    if (error instanceof DynamixelStatusError) return error.id === reply.id;
    if (!bus.transport.isOpen) throw error;
    return false;
  }
}

async function scanModbus(
  transport: ByteTransport,
  baud: number,
  ids: number[],
  options: ScanOptions,
  onDevice: (device: ScanDevice) => void,
  onStep: () => void,
): Promise<void> {
  // No extra host latency: the probe's budget is the wire time plus a short turnaround.
  const client = new ModbusRtuClient(transport, { hostLatencyMs: 0, turnaroundMs: 0, retries: 0 });
  // Request 8 bytes + reply 5 + 2 per register.
  const wire = wireTimeMs(8 + 5 + 2 * INPUT_REGISTERS.statusCount, baud);
  const timeoutMs = wire + (options.modbusTurnaroundMs ?? 12);
  try {
    for (const id of ids) {
      if (options.signal?.aborted) throw new ScanCancelledError();
      const model = await probeModbus(client, id, timeoutMs);
      if (model && (await answersSecondRead(client, id, timeoutMs)))
        onDevice({ protocol: 'modbus-rtu', id, baud, model });
      onStep();
    }
  } finally {
    client.dispose();
  }
}

async function probeModbus(
  client: ModbusRtuClient,
  id: number,
  timeoutMs: number,
): Promise<string | null> {
  try {
    await client.readInputRegisters(id, INPUT_REGISTERS.address, INPUT_REGISTERS.statusCount, {
      priority: 'user',
      timeoutMs,
      retries: 0,
    });
    return ROBOTIQ_2F_MODEL;
  } catch (error) {
    if (error instanceof ModbusExceptionError || error instanceof ModbusResponseMismatchError) {
      return GENERIC_MODBUS_MODEL;
    }
    // Silence or garbage: nobody with this id at this rate. A closed port ends the scan.
    if (!client.transport.isOpen) throw error;
    return null;
  }
}

/**
 * A second request only this unit can answer: another function code (3) and one register, so a
 * stray copy of the first reply (function 4, six data bytes) or of an exception to it does not fit.
 */
async function answersSecondRead(
  client: ModbusRtuClient,
  id: number,
  timeoutMs: number,
): Promise<boolean> {
  try {
    await client.readHoldingRegisters(id, OUTPUT_REGISTERS.address, 1, {
      priority: 'user',
      timeoutMs,
      retries: 1,
    });
    return true;
  } catch (error) {
    if (error instanceof ModbusExceptionError || error instanceof ModbusResponseMismatchError)
      return true;
    if (!client.transport.isOpen) throw error;
    return false;
  }
}

export interface ScanGroup {
  path: string;
  protocol: BusProtocol;
  baud: number;
  model: string;
  ids: number[];
}

/** Results grouped by port, protocol, baud and model, ids ascending (for tables and the UI). */
export function groupScanResults(path: string, devices: readonly ScanDevice[]): ScanGroup[] {
  const groups = new Map<string, ScanGroup>();
  for (const device of devices) {
    const key = `${device.protocol}|${device.baud}|${device.model}`;
    let group = groups.get(key);
    if (!group) {
      group = { path, protocol: device.protocol, baud: device.baud, model: device.model, ids: [] };
      groups.set(key, group);
    }
    if (!group.ids.includes(device.id)) group.ids.push(device.id);
  }
  for (const group of groups.values()) group.ids.sort((a, b) => a - b);
  return [...groups.values()];
}
