import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSerialPorts, typedPort } from '../../../native/discovery/list-serial-ports';
import { adapterIdentity } from '../../../native/discovery/serial-port-info';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

/** Builds a real directory tree shaped like Linux sysfs and /dev for two USB adapters and a UART. */
function fakeMachine(root: string) {
  const sys = join(root, 'sys');
  const dev = join(root, 'dev');
  const usbDevice = (
    bus: string,
    vid: string,
    pid: string,
    serial: string | null,
    product: string,
  ) => {
    const device = join(sys, 'devices/pci0000:00/usb1', bus);
    mkdirSync(join(device, `${bus}:1.0`), { recursive: true });
    writeFileSync(join(device, 'idVendor'), `${vid}\n`);
    writeFileSync(join(device, 'idProduct'), `${pid}\n`);
    writeFileSync(join(device, 'product'), `${product}\n`);
    if (serial) writeFileSync(join(device, 'serial'), `${serial}\n`);
    return join(device, `${bus}:1.0`);
  };
  const tty = (name: string, deviceDir: string | null, driver?: string) => {
    mkdirSync(join(sys, 'class/tty', name), { recursive: true });
    if (deviceDir) symlinkSync(deviceDir, join(sys, 'class/tty', name, 'device'));
    if (deviceDir && driver) {
      mkdirSync(join(sys, 'bus/platform/drivers', driver), { recursive: true });
      symlinkSync(join(sys, 'bus/platform/drivers', driver), join(deviceDir, 'driver'));
    }
  };
  tty('ttyUSB0', usbDevice('1-1', '0403', '6014', 'FT4TFSV1', 'USB <-> Serial Converter'));
  tty('ttyACM0', usbDevice('1-2', '10c4', 'ea60', null, 'CP2102N USB to UART'));
  const uart = join(sys, 'devices/platform/serial8250/tty/ttyS0');
  mkdirSync(uart, { recursive: true });
  tty('ttyS0', uart, 'serial8250');
  tty('tty1', null);
  mkdirSync(join(dev, 'serial/by-id'), { recursive: true });
  symlinkSync(
    '../../ttyUSB0',
    join(dev, 'serial/by-id/usb-FTDI_USB__-__Serial_Converter_FT4TFSV1-if00-port0'),
  );
  return { sys, dev };
}

describe('serial port discovery', () => {
  const udevMissing = () => Promise.reject(new Error('spawn udevadm ENOENT'));

  it('falls back to /sys/class/tty and /dev/serial/by-id when serialport cannot list (no udev)', async () => {
    const { sys, dev } = fakeMachine(tempDir());
    const ports = await listSerialPorts({
      sysRoot: sys,
      devRoot: dev,
      platform: 'linux',
      serialportList: udevMissing,
    });
    expect(ports.map((p) => p.path)).toEqual([join(dev, 'ttyACM0'), join(dev, 'ttyUSB0')]);
    const u2d2 = ports.find((p) => p.path.endsWith('ttyUSB0'))!;
    expect(u2d2).toMatchObject({
      vendorId: '0403',
      productId: '6014',
      serialNumber: 'FT4TFSV1',
      adapterName: 'ROBOTIS U2D2 (FTDI FT232H)',
      identity: 'usb:0403:6014:FT4TFSV1',
      source: 'by-id',
    });
    const cp210x = ports.find((p) => p.path.endsWith('ttyACM0'))!;
    expect(cp210x.adapterName).toBe('Silicon Labs CP210x USB–serial');
    // No USB serial number: identity falls back to the path.
    expect(cp210x.identity).toBe(`path:${join(dev, 'ttyACM0')}`);
  });

  it('uses serialport when it works, naming known adapters', async () => {
    const ports = await listSerialPorts({
      platform: 'linux',
      serialportList: () =>
        Promise.resolve([
          {
            path: '/dev/ttyUSB3',
            vendorId: '1A86',
            productId: '7523',
            serialNumber: undefined,
            manufacturer: 'QinHeng',
          },
        ]),
    });
    expect(ports).toEqual([
      {
        path: '/dev/ttyUSB3',
        vendorId: '1a86',
        productId: '7523',
        manufacturer: 'QinHeng',
        adapterName: 'WCH CH340 USB–serial',
        identity: 'path:/dev/ttyUSB3',
        source: 'serialport',
      },
    ]);
  });

  it('keeps a robot identity across ports when the adapter has a serial number', () => {
    const a = adapterIdentity({
      path: '/dev/ttyUSB0',
      vendorId: '0403',
      productId: '6014',
      serialNumber: 'X1',
    });
    const b = adapterIdentity({
      path: '/dev/ttyUSB1',
      vendorId: '0403',
      productId: '6014',
      serialNumber: 'X1',
    });
    expect(a).toBe(b);
  });

  it('accepts a typed path', () => {
    expect(typedPort('/dev/pts/7')).toEqual({
      path: '/dev/pts/7',
      identity: 'path:/dev/pts/7',
      source: 'typed',
    });
  });
});
