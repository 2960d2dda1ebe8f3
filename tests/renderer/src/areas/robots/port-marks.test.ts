/**
 * The port list of the Connect page: an adapter unplugged stays listed as "gone" for a minute, a
 * new one is marked "new" as long, and plugging the same path back in clears "gone".
 */
import { describe, expect, it } from 'vitest';
import type { SerialPortSummary } from '../../../../../electron/shared/contract';
import {
  HIGHLIGHT_MS,
  markPorts,
  type PortMarks,
} from '../../../../../renderer/src/areas/robots/port-marks';

const port = (path: string, adapterName?: string): SerialPortSummary => ({
  path,
  identity: `id:${path}`,
  source: 'serialport',
  ...(adapterName ? { adapterName } : {}),
});
const asMap = (list: SerialPortSummary[]) => new Map(list.map((p) => [p.path, p]));

describe('markPorts', () => {
  it('marks nothing on the first list', () => {
    const marks: PortMarks = new Map();
    const shown = markPorts(null, [port('/dev/ttyUSB0'), port('/dev/ttyUSB1')], marks, 1_000);
    expect(shown.map((p) => [p.path, p.mark])).toEqual([
      ['/dev/ttyUSB0', undefined],
      ['/dev/ttyUSB1', undefined],
    ]);
    expect(marks.size).toBe(0);
  });

  it('keeps an unplugged port, marked gone, after the present ones, with its adapter', () => {
    const marks: PortMarks = new Map();
    const before = [port('/dev/ttyUSB0', 'FTDI'), port('/dev/ttyUSB1', 'U2D2')];
    const shown = markPorts(asMap(before), [port('/dev/ttyUSB1', 'U2D2')], marks, 5_000);
    expect(shown.map((p) => [p.path, p.mark, p.adapterName])).toEqual([
      ['/dev/ttyUSB1', undefined, 'U2D2'],
      ['/dev/ttyUSB0', 'gone', 'FTDI'],
    ]);
    expect(shown[1]?.markedAt).toBe(5_000);
  });

  it('marks a port that appeared as new', () => {
    const marks: PortMarks = new Map();
    const shown = markPorts(
      asMap([port('/dev/ttyUSB0')]),
      [port('/dev/ttyUSB0'), port('/dev/ttyACM0')],
      marks,
      7_000,
    );
    expect(shown.find((p) => p.path === '/dev/ttyACM0')?.mark).toBe('new');
    expect(shown.find((p) => p.path === '/dev/ttyUSB0')?.mark).toBeUndefined();
  });

  it('forgets a mark after the highlight time, and "gone" as soon as the port is back', () => {
    const marks: PortMarks = new Map();
    const both = [port('/dev/ttyUSB0'), port('/dev/ttyUSB1')];
    const one = [port('/dev/ttyUSB1')];
    markPorts(asMap(both), one, marks, 0);
    // Still within the minute: the unplugged port is listed.
    expect(markPorts(asMap(one), one, marks, HIGHLIGHT_MS).map((p) => p.path)).toContain(
      '/dev/ttyUSB0',
    );
    // Past it: gone from the list.
    expect(markPorts(asMap(one), one, marks, HIGHLIGHT_MS + 1).map((p) => p.path)).toEqual([
      '/dev/ttyUSB1',
    ]);

    const again: PortMarks = new Map();
    markPorts(asMap(both), one, again, 0);
    const back = markPorts(asMap(one), both, again, 10);
    expect(back.filter((p) => p.path === '/dev/ttyUSB0').map((p) => p.mark)).toEqual(['new']);
  });
});
