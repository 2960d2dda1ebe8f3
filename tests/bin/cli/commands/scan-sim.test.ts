/**
 * `genba sim` on one end of a real socat PTY pair (the real serialport binding on both sides) and
 * `genba scan` on the other: the five OpenManipulator-X servos at 1 Mbps and the Robotiq 2F-85 at
 * 115200, as a technician would find them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenba, startSim, type RunningSim } from '../../../helpers/genba-process';
import { startPtyPair, type PtyPair } from '../../../helpers/socat-pair';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One folder for the whole file: the PTY links live as long as the simulators.
const dir = mkdtempSync(join(tmpdir(), 'genba-cli-'));
let armPair: PtyPair;
let gripperPair: PtyPair;
const sims: RunningSim[] = [];

beforeAll(async () => {
  armPair = await startPtyPair(dir, 'arm');
  gripperPair = await startPtyPair(dir, 'gripper');
  sims.push(await startSim(['--port', armPair.device, '--robot', 'openmanipulator-x']));
  sims.push(await startSim(['--port', gripperPair.device, '--robot', 'robotiq-2f85']));
});

afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.stop()));
  await armPair?.kill();
  await gripperPair?.kill();
  rmSync(dir, { recursive: true, force: true });
});

type Row = { protocol: string; id: number; baud: number; model: string };

describe('genba scan against genba sim over PTY pairs', () => {
  it('finds all five servos (ids 11–15 at 1 Mbps) and prints exactly the JSON contract', async () => {
    const result = await runGenba(['scan', '--port', armPair.app, '--baud', '1000000', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as Row[];
    expect(rows).toEqual(
      [11, 12, 13, 14, 15].map((id) => ({
        protocol: 'dynamixel2',
        id,
        baud: 1_000_000,
        model: 'XM430-W350',
      })),
    );
    for (const row of rows) expect(Object.keys(row)).toEqual(['protocol', 'id', 'baud', 'model']);
  });

  it('finds the gripper (Modbus id 9 at 115200) with the default protocols and bauds', async () => {
    const result = await runGenba(['scan', '--port', gripperPair.app, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { protocol: 'modbus-rtu', id: 9, baud: 115_200, model: 'Robotiq 2F-85/140' },
    ]);
    expect(result.stderr).toMatch(/Scanning modbus-rtu 115200/);
  });

  it('prints a table for people', async () => {
    const result = await runGenba([
      'scan',
      '--port',
      armPair.app,
      '--protocol',
      'dynamixel2',
      '--baud',
      '1000000',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/5 device\(s\)/);
    expect(result.stdout).toMatch(/dynamixel2\s+1000000\s+XM430-W350\s+11, 12, 13, 14, 15/);
  });

  it('refuses bad input with one line and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['scan'], /--port <serial path> is required/],
      [['scan', '--port', armPair.app, '--baud', 'fast'], /--baud must be a whole number/],
      [['scan', '--port', armPair.app, '--protocol', 'canbus'], /--protocol must be one of/],
      [['scan', '--port', '/dev/ttyGenbaMissing9'], /no such port/],
      [['sim', '--port', armPair.device], /--robot <profile> is required/],
      [['sim', '--port', armPair.device, '--robot', 'r2d2'], /Unknown robot profile "r2d2"/],
      [
        ['sim', '--port', armPair.device, '--robot', 'openmanipulator-x', '--fault', 'gremlins'],
        /Unknown fault "gremlins"/,
      ],
      [['sim', '--robot', 'openmanipulator-x'], /--port <serial path> is required/],
    ];
    for (const [args, message] of cases) {
      const result = await runGenba(args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
