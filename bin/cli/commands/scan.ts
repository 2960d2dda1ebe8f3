import type { BusProtocol, ScanDevice } from '../../../electron/shared/contract';
import {
  ALL_PROTOCOLS,
  groupScanResults,
  scanBus,
  ScanCancelledError,
  ScanPortClosedError,
} from '../../../native/scan/bus-scanner';
import { SerialPortTransport } from '../../../native/transport/serial-port-transport';
import { CliError } from '../cli-error';
import { parseOptions } from '../parse-options';

const MIN_BAUD = 1200;
const MAX_BAUD = 10_500_000;

/**
 * `genba scan --port <path> [--baud <rate>…] [--protocol dynamixel2|modbus-rtu …] [--json]` —
 * every device on a bus. Humans get progress on stderr and a table on stdout; `--json` prints
 * exactly an array of `{ protocol, id, baud, model }`.
 */
export async function scanCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions('scan', argv, {
    port: { type: 'string' },
    baud: { type: 'string', multiple: true },
    protocol: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    exhaustive: { type: 'boolean', default: false },
  });
  if (!values.port) throw new CliError('genba scan: --port <serial path> is required.');
  const bauds = (values.baud ?? []).flatMap((text) => text.split(',')).map(parseBaud);
  const protocols = (values.protocol ?? []).flatMap((text) => text.split(',')).map(parseProtocol);

  let transport: SerialPortTransport;
  try {
    transport = await SerialPortTransport.open(values.port, bauds[0] ?? 1_000_000);
  } catch (error) {
    throw new CliError(`genba scan: ${(error as Error).message}`, 1);
  }
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  const progress = progressPrinter();
  let devices: ScanDevice[];
  let portClosed: ScanPortClosedError | null = null;
  try {
    devices = await scanBus(transport, {
      ...(bauds.length ? { bauds } : {}),
      ...(protocols.length ? { protocols } : {}),
      exhaustive: values.exhaustive,
      signal: controller.signal,
      onProgress: (step) => progress.step(step),
      onFound: (device) => progress.found(device),
    });
  } catch (error) {
    progress.end();
    if (error instanceof ScanCancelledError) throw new CliError('genba scan: cancelled.', 130);
    if (!(error instanceof ScanPortClosedError))
      throw new CliError(`genba scan: ${(error as Error).message}`, 1);
    // What was found before the port went away is still printed, then the reason, exit 1.
    portClosed = error;
    devices = error.found;
  } finally {
    process.off('SIGINT', cancel);
    await transport.close();
  }
  progress.end();
  printDevices(values.port, devices, values.json);
  if (portClosed) throw new CliError(`genba scan: ${values.port}: ${portClosed.message}`, 1);
  return 0;
}

function printDevices(port: string, devices: ScanDevice[], json: boolean): void {
  if (json) {
    const rows = devices.map(({ protocol, id, baud, model }) => ({ protocol, id, baud, model }));
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  const groups = groupScanResults(port, devices);
  if (groups.length === 0) {
    process.stdout.write(
      `No devices found on ${port}. Check power and cabling, or try other --baud rates.\n`,
    );
    return;
  }
  const header = ['PROTOCOL', 'BAUD', 'MODEL', 'IDS'];
  const rows = groups.map((g) => [g.protocol, String(g.baud), g.model, g.ids.join(', ')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `${port}: ${devices.length} device(s)\n${[header, ...rows].map(line).join('\n')}\n`,
  );
}

function parseBaud(text: string): number {
  const baud = Number(text);
  if (!Number.isInteger(baud) || baud < MIN_BAUD || baud > MAX_BAUD) {
    throw new CliError(
      `genba scan: --baud must be a whole number of bits per second from ${MIN_BAUD} to ${MAX_BAUD}, not "${text}".`,
    );
  }
  return baud;
}

function parseProtocol(text: string): BusProtocol {
  const protocol = ALL_PROTOCOLS.find((p) => p === text);
  if (!protocol) {
    throw new CliError(
      `genba scan: --protocol must be one of ${ALL_PROTOCOLS.join(', ')}, not "${text}".`,
    );
  }
  return protocol;
}

/** Progress on stderr: a rewritten line on a terminal, one line per protocol/baud otherwise. */
function progressPrinter() {
  const tty = process.stderr.isTTY;
  let last = '';
  let open = false;
  return {
    step(step: {
      protocol: BusProtocol;
      baud: number;
      done: number;
      total: number;
      skipped?: boolean;
    }) {
      if (step.skipped) return;
      const percent = Math.floor((100 * step.done) / Math.max(1, step.total));
      const text = `Scanning ${step.protocol} at ${step.baud} baud… ${percent}%`;
      if (tty) {
        process.stderr.write(`\r${text}\x1b[K`);
        open = true;
      } else {
        const key = `${step.protocol} ${step.baud}`;
        if (key !== last) process.stderr.write(`Scanning ${key} baud…\n`);
        last = key;
      }
    },
    found(device: ScanDevice) {
      const text = `  found ${device.model} id ${device.id} (${device.protocol}, ${device.baud} baud)`;
      process.stderr.write(tty ? `\r${text}\x1b[K\n` : `${text}\n`);
    },
    end() {
      if (tty && open) process.stderr.write('\r\x1b[K');
      open = false;
    },
  };
}
