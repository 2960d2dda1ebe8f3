/**
 * Child process for the telemetry SIGKILL test: streams 100 Hz telemetry of five joints through
 * the real db worker (as a robot session does) and prints, after each call returns, the time of
 * the last sample handed over and the wall clock.
 */
import { DbClient } from '../../../db/db-client';
import { CHANNEL_STEPS } from '../../../db/telemetry/channels';

const path = process.argv[2];
if (!path) throw new Error('usage: log-ingest.child <db path>');
const db = await DbClient.open({ path });
process.stdout.write('READY\n');
const joints = ['joint1', 'joint2', 'joint3', 'joint4', 'gripper'];
let tMs = Math.floor(Date.now() / 10) * 10;
for (let i = 0; ; i++) {
  const samples = [];
  // 10 ms of simulated 100 Hz, sent every 10 ms of wall time (faster when behind).
  for (const [j, joint] of joints.entries()) {
    samples.push({
      tMs,
      joint,
      positionRad: ((i * (j + 1)) % 4096) * CHANNEL_STEPS[0]!,
      velocityRadS: (i % 17) * CHANNEL_STEPS[1]!,
      currentA: (i % 101) * CHANNEL_STEPS[2]!,
      voltageV: 120 * CHANNEL_STEPS[3]!,
      temperatureC: 30 + (i % 5),
      hwError: 0,
    });
  }
  await db.call('appendTelemetry', { robotId: 'arm-1', samples });
  process.stdout.write(`SENT ${tMs} ${Date.now()}\n`);
  tMs += 10;
  const wait = tMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
