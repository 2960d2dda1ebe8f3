import { afterEach, describe, expect, it } from 'vitest';
import type { TrafficEvent } from '../../../native/servos/dynamixel2/bus';
import { Instruction } from '../../../native/servos/dynamixel2/protocol';
import { HardwareErrorBit } from '../../../native/servos/dynamixel2/errors';
import { RobotCommandError } from '../../../native/robots/robot-session';
import { armRig, waitFor } from './rigs';

let rig: ReturnType<typeof armRig> | undefined;
afterEach(async () => {
  await rig?.session.close();
  rig?.sim?.close();
  rig = undefined;
});

async function connected(torqueOn = true) {
  rig = armRig();
  await rig.session.start();
  if (torqueOn) {
    await rig.session.setTorque(true);
    await waitFor(() => rig?.session.state === 'ready', 'ready');
  }
  return rig;
}

describe('ArmSession over a loopback pair with the OpenManipulator-X simulator', () => {
  it('connects, reports torque off, turns torque on and streams diagnostics of all five joints', async () => {
    rig = armRig();
    await rig.session.start();
    expect(rig.session.state).toBe('torque-off');
    expect(rig.session.usesFastSyncRead).toBe(true);
    expect(rig.records.some((r) => r.kind === 'connection' && /Arm A connected/.test(r.text))).toBe(
      true,
    );
    await rig.session.setTorque(true);
    await waitFor(() => rig?.session.state === 'ready', 'ready');
    await waitFor(() => (rig?.batches.length ?? 0) >= 3, 'telemetry batches');
    const joints = new Set(rig.batches.flatMap((b) => b.samples.map((s) => s.joint)));
    expect([...joints].sort()).toEqual(['gripper', 'joint1', 'joint2', 'joint3', 'joint4']);
    const sample = rig.batches.at(-1)?.samples[0];
    expect(sample?.voltageV).toBeGreaterThan(10);
    expect(sample?.temperatureC).toBeGreaterThan(15);
    const detail = rig.session.detail();
    expect(detail.joints).toHaveLength(5);
    expect(detail.joints.every((j) => j.torqueOn)).toBe(true);
    expect(detail.bus.tx).toBeGreaterThan(5);
    expect(rig.records.some((r) => r.kind === 'state' && /torque off → ready/.test(r.text))).toBe(
      true,
    );
  });

  it('sends the emergency stop next, ahead of queued polls, and every joint confirms torque off', async () => {
    const { session, servos } = await connected();
    const bus = session.currentBus;
    if (!bus) throw new Error('no bus');
    const tx: TrafficEvent[] = [];
    bus.onTraffic((event) => {
      if (event.direction === 'tx') tx.push(event);
    });
    // A poll on the wire and more waiting behind it.
    const polls = Array.from({ length: 6 }, () =>
      bus.fastSyncRead(124, 23, [11, 12, 13, 14, 15], { priority: 'poll' }).then(
        () => 'done',
        () => 'dropped',
      ),
    );
    const before = tx.length;
    expect(bus.counters.tx).toBeGreaterThan(0);
    const result = await session.emergencyStop('tester');
    expect(result?.droppedPolls).toBeGreaterThanOrEqual(4);
    // The poll already on the wire went out before the call; the next packet is the Sync Write
    // of Torque Enable (64) = 0, and no queued poll went out before it.
    const next = tx[before];
    expect(next?.bytes[7]).toBe(Instruction.SyncWrite);
    expect(next?.bytes[8]).toBe(64);
    expect((await Promise.all(polls)).filter((p) => p === 'dropped').length).toBeGreaterThanOrEqual(
      4,
    );
    await waitFor(() => servos.every((servo) => !servo.torqueOn), 'torque off in the simulator');
    await waitFor(() => session.state === 'torque-off', 'torque-off state');
    expect(rig?.records.some((r) => /emergency stop/.test(r.text) && r.user === 'tester')).toBe(
      true,
    );
  });

  it('refuses an EEPROM write while torque is on, explains why, and accepts it with torque off', async () => {
    const { session, servos } = await connected();
    const attempt = session.writeControlTable('joint1', 'returnDelayTime', 0.0001);
    await expect(attempt).rejects.toThrow(/EEPROM.*torque/);
    await expect(attempt).rejects.toMatchObject({ code: 'eeprom-locked' });
    expect(servos[0]?.get('returnDelayTime')).toBe(250);
    await session.setTorque(false, 'joint1');
    const entry = await session.writeControlTable('joint1', 'returnDelayTime', 0.0001);
    expect(entry.raw).toBe(50);
    expect(servos[0]?.get('returnDelayTime')).toBe(50);
    const table = await session.readControlTable('joint1');
    expect(table.find((e) => e.key === 'modelNumber')?.raw).toBe(1020);
    expect(table.find((e) => e.key === 'id')?.raw).toBe(11);
  });

  it('refuses a move outside the profile limits and sends one inside them', async () => {
    const { session, servos } = await connected();
    await expect(session.moveJoint('joint2', 2.0)).rejects.toThrow(/outside its limits/);
    await expect(session.moveJoint('joint2', 2.0)).rejects.toBeInstanceOf(RobotCommandError);
    await expect(session.moveJoint('elbow', 0)).rejects.toThrow(/no joint "elbow"/);
    await session.moveJoint('joint1', 0.5);
    const goal = 2048 + Math.round(0.5 / ((2 * Math.PI) / 4096));
    await waitFor(() => servos[0]?.get('goalPosition') === goal, 'goal position written');
    await waitFor(
      () => Math.abs((session.detail().joints[0]?.positionRad ?? 0) - 0.5) < 0.05,
      'joint1 near 0.5 rad',
    );
  });

  it('latches a hardware fault (state fault, logged) until a reboot clears it', async () => {
    const r = await connected();
    r.sim?.injectFault({ name: 'overload', id: 12, magnitude: 1 });
    await r.session.moveJoint('joint2', 0.8);
    await waitFor(() => r.session.state === 'fault', 'fault state');
    const joint2 = r.session.detail().joints.find((j) => j.name === 'joint2');
    expect((joint2?.hwError ?? 0) & HardwareErrorBit.Overload).toBeTruthy();
    expect(r.session.summary().attention?.en).toMatch(/overloaded/);
    expect(r.records.some((x) => x.kind === 'fault' && /overloaded/.test(x.text))).toBe(true);
    await expect(r.session.setTorque(true, 'joint2')).rejects.toThrow(/Reboot/);
    r.sim?.faults.clear();
    await r.session.reboot('joint2');
    await waitFor(() => r.session.state === 'torque-off', 'torque-off after reboot');
    expect(r.session.detail().joints.every((j) => j.hwError === 0)).toBe(true);
    expect(r.records.some((x) => x.kind === 'fault' && /cleared/.test(x.text))).toBe(true);
  });

  it('goes disconnected when unplugged mid-transfer and reconnects by itself when plugged back', async () => {
    const r = await connected();
    r.plugged = false;
    r.app?.unplug();
    await waitFor(() => r.session.state === 'disconnected', 'disconnected');
    await expect(r.session.moveJoint('joint1', 0)).rejects.toMatchObject({ code: 'not-connected' });
    expect(await r.session.emergencyStop()).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.session.state).toBe('disconnected');
    r.plugged = true;
    // The servos kept their torque on while the cable was out.
    await waitFor(() => r.session.state === 'ready', 'ready again');
    expect(r.records.some((x) => /reconnected/.test(x.text))).toBe(true);
    expect(r.records.some((x) => x.kind === 'connection' && /disconnected/.test(x.text))).toBe(
      true,
    );
  });

  it('refuses to start when no servo answers, with a reason', async () => {
    rig = armRig();
    rig.servos.forEach((servo) => servo.set('id', 200 + servo.id));
    await expect(rig.session.start()).rejects.toThrow(/No servo .* answered/);
  });
});
