import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosticsService } from '../../../../native/model/diagnostics-service';
import { checkModelWithOnnxRuntime } from '../../../../native/model/pack/onnx-session';
import { verifyPack } from '../../../../native/model/pack/verify-pack';
import { randomScenario, runScenario } from '../../../../native/model/training/sim-scenarios';
import type { TelemetryRow } from '../../../../native/model/telemetry';
import { useTempDir } from '../../../helpers/temp-dir';
import { writeTestPack } from '../test-pack';
import { writeFileSync, readFileSync } from 'node:fs';

const tempDir = useTempDir();
let service: DiagnosticsService | null = null;
afterEach(async () => {
  await service?.close();
  service = null;
});

function batches(rows: TelemetryRow[], robotId: string, chunkMs: number) {
  const out: { robotId: string; samples: TelemetryRow[] }[] = [];
  let current: TelemetryRow[] = [];
  let start = rows[0]?.tMs ?? 0;
  for (const r of rows) {
    if (r.tMs - start >= chunkMs) {
      out.push({ robotId, samples: current });
      current = [];
      start = r.tMs;
    }
    current.push(r);
  }
  if (current.length) out.push({ robotId, samples: current });
  return out;
}

const until = async (cond: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('inference host', () => {
  it('is restarted after being killed mid-stream, and detections resume', async () => {
    const dir = join(tempDir(), 'pack');
    await writeTestPack(dir);
    const pack = await verifyPack(dir, { checkModel: checkModelWithOnnxRuntime });
    service = new DiagnosticsService({ tickMs: 3_600_000 });
    await service.start(pack);
    const firstPid = service.supervisor.pid;
    const spec = randomScenario(3, { durationS: 60, fault: null });
    spec.sampleHz = 20;
    const rows = runScenario(spec).rows.map((r) => ({ ...r, robot: 'arm-1' }));
    const chunks = batches(rows, 'arm-1', 500);
    let i = 0;
    for (; i < 40; i++) {
      service.ingest(chunks[i] ?? { robotId: 'arm-1', samples: [] });
      await service.tick();
    }
    const before = service.stats.detections;
    expect(before).toBeGreaterThan(0);

    service.supervisor.killHost();
    // The poll loop keeps calling ingest while the host is down: nothing throws, nothing blocks.
    for (let k = 0; k < 5; k++, i++) {
      service.ingest(chunks[i] ?? { robotId: 'arm-1', samples: [] });
      await service.tick();
    }
    await until(() => service?.supervisor.isReady === true && service.supervisor.pid !== firstPid);
    expect(service.stats.hostRestarts).toBeGreaterThanOrEqual(1);
    for (; i < chunks.length; i++) {
      service.ingest(chunks[i] ?? { robotId: 'arm-1', samples: [] });
      await service.tick();
    }
    expect(service.stats.detections).toBeGreaterThan(before);
  });

  it('keeps running the active model when a tampered pack is refused', async () => {
    const good = join(tempDir(), 'good');
    await writeTestPack(good);
    const bad = join(tempDir(), 'bad');
    await writeTestPack(bad, { version: '0.0.2' });
    const bytes = readFileSync(join(bad, 'model.onnx'));
    bytes[20] = (bytes[20] ?? 0) ^ 0xff;
    writeFileSync(join(bad, 'model.onnx'), bytes);

    service = new DiagnosticsService({ tickMs: 3_600_000 });
    const pack = await verifyPack(good, { checkModel: checkModelWithOnnxRuntime });
    await service.start(pack);
    const check = {
      checkModel: (b: Uint8Array, m: typeof pack.manifest) => service!.supervisor.check(b, m),
    };
    await expect(verifyPack(bad, check)).rejects.toThrow(/does not match its signed checksum/);

    const spec = randomScenario(4, { durationS: 20, fault: null });
    const rows = runScenario(spec).rows;
    service.ingest({ robotId: 'arm-2', samples: rows });
    await service.tick();
    expect(service.stats.detections).toBe(5);
  });
});
