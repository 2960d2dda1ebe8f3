import type { TelemetryColumns } from '../../db/telemetry/telemetry-store';
import type { TelemetrySample } from '../domain';

/** Per-joint column buffers, sent as typed arrays (appendTelemetryColumns). */
export class ColumnCollector {
  private joints = new Map<string, { t: number[]; v: number[][] }>();

  constructor(readonly robotId: string) {}

  push(sample: TelemetrySample): void {
    let joint = this.joints.get(sample.joint);
    if (!joint) {
      joint = { t: [], v: [[], [], [], [], [], []] };
      this.joints.set(sample.joint, joint);
    }
    joint.t.push(sample.tMs);
    joint.v[0]!.push(sample.positionRad);
    joint.v[1]!.push(sample.velocityRadS);
    joint.v[2]!.push(sample.currentA);
    joint.v[3]!.push(sample.voltageV);
    joint.v[4]!.push(sample.temperatureC);
    joint.v[5]!.push(sample.hwError);
  }

  take(): { batches: TelemetryColumns[]; samples: number } {
    const batches: TelemetryColumns[] = [];
    let samples = 0;
    for (const [joint, columns] of this.joints) {
      if (columns.t.length === 0) continue;
      samples += columns.t.length;
      batches.push({
        robotId: this.robotId,
        joint,
        tMs: Float64Array.from(columns.t),
        values: columns.v.map((v) => Float64Array.from(v)),
      });
    }
    this.joints.clear();
    return { batches, samples };
  }
}
