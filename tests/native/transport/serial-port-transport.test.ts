import { describe, expect, it } from 'vitest';
import { SerialPortTransport } from '../../../native/transport/serial-port-transport';
import { startPtyPair } from '../../helpers/socat-pair';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

describe('serial port transport over a real PTY pair', () => {
  it('carries bytes both ways at 1 Mbps', async () => {
    const pair = await startPtyPair(tempDir());
    const app = await SerialPortTransport.open(pair.app, 1_000_000);
    const device = await SerialPortTransport.open(pair.device, 1_000_000);
    const received = new Promise<Buffer>((resolve) => device.onData(resolve));
    await app.write(Buffer.from([0xff, 0xff, 0xfd, 0x00, 0x01]));
    expect([...(await received)]).toEqual([0xff, 0xff, 0xfd, 0x00, 0x01]);
    await app.close();
    await device.close();
    await pair.kill();
  });

  it('reports an unplug (socat killed) as a close with an error, not a crash', async () => {
    const pair = await startPtyPair(tempDir());
    const app = await SerialPortTransport.open(pair.app, 1_000_000);
    const closed = new Promise<Error | undefined>((resolve) => app.onClose(resolve));
    await pair.kill('SIGKILL');
    const error = await closed;
    expect(error).toBeInstanceOf(Error);
    expect(app.isOpen).toBe(false);
    await expect(app.write(Buffer.from([1]))).rejects.toThrow(/closed/);
  });

  it('explains a missing port', async () => {
    await expect(SerialPortTransport.open('/dev/ttyGenbaMissing0', 57600)).rejects.toThrow(
      /no such port\. Check the cable/,
    );
  });
});
