import { describe, expect, it } from 'vitest';
import { ChecksumPacketFramer } from '../../../../native/servos/checksum-packet/framer';
import { buildRead, buildSyncRead } from '../../../../native/servos/feetech/instructions';
import { FeetechBusSimulator } from '../../../../native/servos/feetech/sim/feetech-bus-simulator';
import { FeetechServoModel } from '../../../../native/servos/feetech/sim/feetech-servo-model';
import { createLoopbackPair } from '../../../../native/transport/loopback-transport';

describe('the shared bus simulator core', () => {
  it('drops replies still queued for an instruction the host has already moved past', async () => {
    const [host, device] = createLoopbackPair('core', 1_000_000);
    const sim = new FeetechBusSimulator(
      device,
      [1, 2, 3, 4, 5, 6].map((id) => new FeetechServoModel({ id })),
      {
        autoStart: false,
      },
    );
    const framer = new ChecksumPacketFramer();
    const heard: number[][] = [];
    host.onData((chunk) => framer.push(chunk).forEach((f) => heard.push([f.id, f.params.length])));
    // Both requests in one write: the sync read's six replies are still queued when the read lands.
    await host.write(
      Uint8Array.from([...buildSyncRead(56, 8, [1, 2, 3, 4, 5, 6]), ...buildRead(4, 62, 1)]),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(heard).toEqual([[4, 1]]);
    // Asked one at a time, every reply comes.
    heard.length = 0;
    await host.write(buildSyncRead(56, 8, [1, 2, 3, 4, 5, 6]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(heard.map(([id]) => id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sim.stats).toMatchObject({ instructions: 3, replies: 13, cancelledReplies: 6 });
    sim.close();
    await host.close();
  });

  it('sags the supply with the servos’ current and with an injected voltage_sag', () => {
    const [, device] = createLoopbackPair('sag', 1_000_000);
    const sim = new FeetechBusSimulator(device, [new FeetechServoModel({ id: 1 })], {
      autoStart: false,
      supplyV: 7.4,
    });
    sim.run(0.1);
    const idle = sim.busVoltageV;
    expect(idle).toBeLessThan(7.4);
    sim.injectFault({ name: 'voltage_sag', magnitude: 0.5 });
    sim.run(0.1);
    expect(idle - sim.busVoltageV).toBeCloseTo(1.5, 1);
    expect(sim.servo(1)?.regs.get('presentVoltage')).toBe(Math.round(sim.busVoltageV * 10));
    sim.close();
  });
});
