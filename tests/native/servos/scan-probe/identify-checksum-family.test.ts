import { afterEach, describe, expect, it } from 'vitest';
import { Dynamixel1Bus } from '../../../../native/servos/dynamixel1/bus';
import { AX_12A, MX_28_P1 } from '../../../../native/servos/dynamixel1/models';
import { Dynamixel1BusSimulator } from '../../../../native/servos/dynamixel1/sim/dynamixel1-bus-simulator';
import { Dynamixel1ServoModel } from '../../../../native/servos/dynamixel1/sim/dynamixel1-servo-model';
import { FeetechBus } from '../../../../native/servos/feetech/bus';
import { SCS0009 } from '../../../../native/servos/feetech/models';
import { FeetechBusSimulator } from '../../../../native/servos/feetech/sim/feetech-bus-simulator';
import { FeetechServoModel } from '../../../../native/servos/feetech/sim/feetech-servo-model';
import {
  identifyChecksumFamily,
  IDENTITY_PROBE_ADDRESS,
  IDENTITY_PROBE_LENGTH,
} from '../../../../native/servos/scan-probe/identify-checksum-family';
import {
  createLoopbackPair,
  type LoopbackTransport,
} from '../../../../native/transport/loopback-transport';

const hosts: LoopbackTransport[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

describe('telling Dynamixel 1.0 from Feetech after a Ping', () => {
  it('uses where the id sits in the first six bytes', () => {
    // AX-12A id 7: model 12, firmware 24, ID 7, baud 1, return delay 250.
    expect(identifyChecksumFamily(7, Uint8Array.of(12, 0, 24, 7, 1, 250))).toMatchObject({
      family: 'dynamixel1',
      model: { name: 'AX-12A' },
    });
    // STS3215 id 7: firmware 3.10, byte order 0, model 777 (09 03), ID 7.
    expect(identifyChecksumFamily(7, Uint8Array.of(3, 10, 0, 9, 3, 7))).toMatchObject({
      family: 'feetech',
      model: { name: 'STS3215' },
      firmware: '3.10',
    });
  });

  it('breaks a tie (both layouts hold the id) by which catalog knows the model', () => {
    // STS3215 with id 9: byte 3 is also 9 (the model's low byte); 0x0A03 is no 1.0 model.
    expect(identifyChecksumFamily(9, Uint8Array.of(3, 10, 0, 9, 3, 9)).family).toBe('feetech');
    expect(identifyChecksumFamily(4, Uint8Array.of(1, 2, 3, 9, 9, 9)).family).toBe('unknown');
    // Both layouts hold id 9 and neither catalog knows its model: undecided, not a guess.
    expect(identifyChecksumFamily(9, Uint8Array.of(1, 2, 3, 9, 9, 9)).family).toBe('unknown');
    expect(identifyChecksumFamily(4, Uint8Array.of(1, 2))).toMatchObject({ family: 'unknown' });
  });

  it('identifies simulated servos of both families with the same Read', async () => {
    const [h1, d1] = createLoopbackPair('probe-dxl1', 1_000_000);
    const [h2, d2] = createLoopbackPair('probe-feetech', 1_000_000);
    hosts.push(h1, h2);
    const dxl = new Dynamixel1BusSimulator(
      d1,
      [
        new Dynamixel1ServoModel({ id: 3, table: AX_12A }),
        new Dynamixel1ServoModel({ id: 5, table: MX_28_P1 }),
      ],
      { autoStart: false },
    );
    const ft = new FeetechBusSimulator(
      d2,
      [new FeetechServoModel({ id: 3 }), new FeetechServoModel({ id: 5, table: SCS0009 })],
      { autoStart: false },
    );
    const dxlBus = new Dynamixel1Bus(h1, { latencyMarginMs: 25 });
    const ftBus = new FeetechBus(h2, { latencyMarginMs: 25 });
    const seen: string[] = [];
    for (const [bus, id] of [
      [dxlBus, 3],
      [dxlBus, 5],
      [ftBus, 3],
      [ftBus, 5],
    ] as const) {
      const { data } = await bus.read(id, IDENTITY_PROBE_ADDRESS, IDENTITY_PROBE_LENGTH);
      const who = identifyChecksumFamily(id, data);
      seen.push(`${who.family}:${who.model?.name ?? '-'}`);
    }
    expect(seen).toEqual([
      'dynamixel1:AX-12A',
      'dynamixel1:MX-28',
      'feetech:STS3215',
      'feetech:SCS0009',
    ]);
    dxlBus.close();
    ftBus.close();
    dxl.close();
    ft.close();
  });
});
