import { afterEach, describe, expect, it } from 'vitest';
import { gripperRig, waitFor } from './rigs';

let rig: ReturnType<typeof gripperRig> | undefined;
afterEach(async () => {
  await rig?.session.close();
  rig?.sim?.dispose();
  rig = undefined;
});

describe('GripperSession over a loopback pair with the Robotiq 2F-85 simulator', () => {
  it('connects not activated, activates, closes, opens and stops', async () => {
    rig = gripperRig();
    const { session } = rig;
    await session.start();
    expect(session.state).toBe('torque-off');
    expect(session.summary().attention?.en).toMatch(/not activated/);
    await expect(session.command({ action: 'close' })).rejects.toMatchObject({
      code: 'not-activated',
    });
    await session.command({ action: 'activate' }, 'tester');
    await waitFor(() => session.state === 'ready', 'ready');
    await session.command({ action: 'close' });
    await waitFor(() => (session.lastStatus?.openFraction ?? 1) < 0.05, 'closed');
    await session.command({ action: 'move', openFraction: 0.5 });
    await waitFor(
      () => Math.abs((session.lastStatus?.openFraction ?? 0) - 0.5) < 0.05,
      'half open',
    );
    await session.command({ action: 'open' });
    const stop = await session.emergencyStop('tester');
    expect(stop).not.toBeNull();
    expect(rig.records.some((r) => /emergency stop/.test(r.text))).toBe(true);
    const detail = session.detail();
    expect(detail.kind).toBe('gripper');
    expect(detail.gripper?.activated).toBe(true);
  });

  it('reports a major fault as state fault, and goes disconnected / reconnects on unplug', async () => {
    rig = gripperRig();
    const r = rig;
    await r.session.start();
    await r.session.command({ action: 'activate' });
    r.sim?.injectFault('overcurrent');
    await r.session.command({ action: 'close' }).catch(() => undefined);
    await waitFor(() => r.session.state === 'fault', 'fault');
    expect(r.records.some((x) => x.kind === 'fault')).toBe(true);
    r.plugged = false;
    r.app?.unplug();
    await waitFor(() => r.session.state === 'disconnected', 'disconnected');
    r.plugged = true;
    await waitFor(
      () => r.session.state === 'torque-off',
      'reconnected (a fresh, unactivated gripper)',
    );
  });
});
