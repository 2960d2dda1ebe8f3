/**
 * Diagnostics inference for 10 robots × 6 joints at 10 Hz (`node --import tsx` script).
 * Telemetry arrives at 10 Hz per joint and the service steps at 10 Hz (every joint classified ten
 * times a second — stricter than the 2 Hz the service uses by default). Reports the inference
 * host's process CPU time (features + onnxruntime, in its own process) and the main process's
 * (buffering, IPC, alert tracking) as % of one core over the simulated time, next to wall time.
 * Reference: the same main-thread work with the model step skipped, in the same process.
 */
import { DiagnosticsService } from '../../native/model/diagnostics-service';
import { DEFAULT_PACK_DIR } from '../../native/model/model-registry';
import { checkModelWithOnnxRuntime } from '../../native/model/pack/onnx-session';
import { verifyPack } from '../../native/model/pack/verify-pack';
import type { TelemetrySample } from '../../electron/shared/contract';

const ROBOTS = 10;
const JOINTS = ['joint1', 'joint2', 'joint3', 'joint4', 'joint5', 'gripper'];
const HZ = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 120);

function samplesAt(robot: number, tMs: number): TelemetrySample[] {
  return JOINTS.map((joint, j) => {
    const phase = (tMs / 1000) * (0.3 + 0.05 * j) + robot;
    return {
      tMs,
      joint,
      positionRad: Math.sin(phase),
      velocityRadS: Math.cos(phase) * 0.5,
      currentA: 0.2 * Math.cos(phase) + 0.05 * Math.sin(7 * phase),
      voltageV: 12 - 0.1 * Math.abs(Math.sin(phase)),
      temperatureC: 30 + robot * 0.5 + j,
      hwError: 0,
    };
  });
}

async function run(withModel: boolean, inferHz: number) {
  const pack = await verifyPack(DEFAULT_PACK_DIR, { checkModel: checkModelWithOnnxRuntime });
  const service = new DiagnosticsService({ tickMs: 3_600_000 });
  await service.start(withModel ? pack : undefined);
  const hostCpu0 = service.supervisor.hostCpuUs;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let step = 0; step < SECONDS * HZ; step++) {
    const tMs = 1_700_000_000_000 + step * (1000 / HZ);
    for (let r = 0; r < ROBOTS; r++)
      service.ingest({ robotId: `arm-${r}`, samples: samplesAt(r, tMs) });
    if (step % (HZ / inferHz) === 0) await service.tick();
  }
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const hostCpuMs = (service.supervisor.hostCpuUs - hostCpu0) / 1000;
  const stats = { ...service.stats };
  await service.close();
  return { wallMs, mainCpuMs: (cpu.user + cpu.system) / 1000, hostCpuMs, stats };
}

const simulatedMs = SECONDS * 1000;
const pct = (ms: number) => ((100 * ms) / simulatedMs).toFixed(2);
const reference = await run(false, HZ);
console.log(
  `diagnostics: ${ROBOTS} robots × ${JOINTS.length} joints, telemetry at ${HZ} Hz, ${SECONDS} s of telemetry (target: host < 5 % of one core)`,
);
for (const inferHz of [HZ, 2]) {
  const m = await run(true, inferHz);
  const inferences = m.stats.detections;
  console.log(
    `inference at ${inferHz} Hz per joint${inferHz === 2 ? ' (the service default: a window every 500 ms)' : ''}:`,
  );
  console.log(
    `  inferences: ${inferences} (${(inferences / SECONDS).toFixed(0)}/s) in ${m.stats.steps} batched steps; dropped samples ${m.stats.droppedSamples}`,
  );
  console.log(
    `  inference host CPU: ${m.hostCpuMs.toFixed(0)} ms = ${pct(m.hostCpuMs)} % of one core`,
  );
  // The first WARMUP_MS of each robot are not judged: at full rate the cost per second is higher.
  const perInferenceUs = (1000 * m.hostCpuMs) / Math.max(inferences, 1);
  const fullRate = ROBOTS * JOINTS.length * inferHz;
  console.log(
    `  at full rate (${fullRate} inferences/s × ${perInferenceUs.toFixed(1)} µs): ${((fullRate * perInferenceUs) / 10_000).toFixed(2)} % of one core`,
  );
  console.log(
    `  main process CPU:   ${m.mainCpuMs.toFixed(0)} ms = ${pct(m.mainCpuMs)} % of one core (reference, ingest only: ${pct(reference.mainCpuMs)} %)`,
  );
  console.log(
    `  wall time: ${m.wallMs.toFixed(0)} ms for ${SECONDS} s of telemetry (${(simulatedMs / m.wallMs).toFixed(1)}× real time); host CPU per inference ${((1000 * m.hostCpuMs) / Math.max(inferences, 1)).toFixed(1)} µs`,
  );
}
