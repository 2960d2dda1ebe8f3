/**
 * Lists serial ports. serialport's own list() needs udevadm on Linux and throws where it is
 * missing (containers, minimal installs), so we fall back to /dev/serial/by-id and /sys/class/tty,
 * reading the USB descriptors from sysfs ourselves.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SerialPort } from 'serialport';
import { adapterName } from './known-adapters';
import { adapterIdentity, type SerialPortInfo } from './serial-port-info';

export interface ListOptions {
  /** For tests: where /sys and /dev live. */
  sysRoot?: string;
  devRoot?: string;
  platform?: NodeJS.Platform;
  serialportList?: () => Promise<Array<Record<string, string | undefined>>>;
}

export async function listSerialPorts(options: ListOptions = {}): Promise<SerialPortInfo[]> {
  const platform = options.platform ?? process.platform;
  try {
    const ports = await (options.serialportList ?? (() => SerialPort.list()))();
    if (platform !== 'linux' || ports.length > 0) return ports.map(fromSerialport);
  } catch {
    if (platform !== 'linux') return [];
  }
  return listFromSysfs(options.sysRoot ?? '/sys', options.devRoot ?? '/dev');
}

function fromSerialport(port: Record<string, string | undefined>): SerialPortInfo {
  const info = {
    path: port.path ?? '',
    vendorId: port.vendorId?.toLowerCase(),
    productId: port.productId?.toLowerCase(),
    serialNumber: port.serialNumber,
    manufacturer: port.manufacturer,
  };
  return withDerived({ ...info, source: 'serialport' });
}

/** Linux without udev: /sys/class/tty names the hardware ports; /dev/serial/by-id adds stable names. */
export function listFromSysfs(sysRoot: string, devRoot: string): SerialPortInfo[] {
  const byId = readByIdLinks(join(devRoot, 'serial', 'by-id'));
  const ttyClass = join(sysRoot, 'class', 'tty');
  const names = existsSync(ttyClass) ? readdirSync(ttyClass) : [];
  const ports: SerialPortInfo[] = [];
  for (const name of names.sort()) {
    const deviceLink = join(ttyClass, name, 'device');
    if (!existsSync(deviceLink)) continue; // Virtual consoles and ptys have no device.
    if (isPlaceholderUart(ttyClass, name)) continue;
    const usb = readUsbDescriptors(deviceLink);
    const path = join(devRoot, name);
    ports.push(
      withDerived({
        path,
        ...usb,
        byIdPath: byId.get(name),
        source: byId.has(name) ? 'by-id' : 'sysfs',
      }),
    );
  }
  return ports;
}

/** The 8250 driver registers ttyS0–31 whether or not a UART is fitted; skip those without one. */
function isPlaceholderUart(ttyClass: string, name: string): boolean {
  if (!/^ttyS\d+$/.test(name)) return false;
  const driver = join(ttyClass, name, 'device', 'driver');
  try {
    return basename(readlinkSync(driver)) === 'serial8250';
  } catch {
    return true;
  }
}

function readByIdLinks(dir: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!existsSync(dir)) return map;
  for (const entry of readdirSync(dir)) {
    try {
      const target = basename(resolve(dir, readlinkSync(join(dir, entry))));
      map.set(target, join(dir, entry));
    } catch {
      // A dangling link (adapter just unplugged): skip it.
    }
  }
  return map;
}

/** Walks up from the tty's device to the USB device holding idVendor/idProduct/serial. */
function readUsbDescriptors(deviceLink: string) {
  let dir: string;
  try {
    dir = realpathSync(deviceLink);
  } catch {
    return {};
  }
  for (let depth = 0; depth < 5; depth++) {
    if (existsSync(join(dir, 'idVendor'))) {
      const read = (file: string) => {
        try {
          return readFileSync(join(dir, file), 'utf8').trim() || undefined;
        } catch {
          return undefined;
        }
      };
      return {
        vendorId: read('idVendor')?.toLowerCase(),
        productId: read('idProduct')?.toLowerCase(),
        serialNumber: read('serial'),
        manufacturer: read('manufacturer'),
        product: read('product'),
      };
    }
    dir = dirname(dir);
  }
  return {};
}

function withDerived(
  info: Omit<SerialPortInfo, 'identity' | 'adapterName'> & { product?: string },
): SerialPortInfo {
  const { product, ...rest } = info;
  const name = adapterName(rest.vendorId, rest.productId) ?? product ?? rest.manufacturer;
  const result: SerialPortInfo = { ...rest, identity: adapterIdentity(rest) };
  if (name) result.adapterName = name;
  for (const key of Object.keys(result) as Array<keyof SerialPortInfo>) {
    if (result[key] === undefined) delete result[key];
  }
  return result;
}

/** A path the user typed (a PTY, a COM port not listed): accepted as is. */
export function typedPort(path: string): SerialPortInfo {
  return { path, identity: adapterIdentity({ path }), source: 'typed' };
}
