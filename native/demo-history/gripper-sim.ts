/** The simulated Robotiq 2F-85 of a demo history: its behaviour model, faults and telemetry. */
import { messageEvent, type TelemetrySample } from '../domain';
import { ACTION } from '../grippers/robotiq/registers';
import { Gripper2F85Model } from '../grippers/robotiq/sim/gripper-2f85-model';
import { emitFault, type Counters, type Emit } from './history-events';

export class GripperSim {
  readonly model = new Gripper2F85Model(500, { widthMm: 40, grip: 'outer' });
  closed = false;
  private lastFault = 0;

  constructor(readonly robotId: string) {
    this.model.writeOutputs(0, [ACTION.rACT, 0, 0, 3, 200, 120]);
  }

  step(dtMs: number, nowMs: number, emit: Emit, counters: Counters): void {
    this.model.heard();
    this.model.step(dtMs);
    const fault = this.model.faultCode();
    if (fault !== this.lastFault) {
      if (fault >= 0x08) {
        emitFault(emit, counters, {
          robotId: this.robotId,
          tMs: nowMs,
          ...messageEvent('gripper.faultCode', { code: fault.toString(16) }),
          data: { fault: 'gripper', code: fault },
        });
      }
      this.lastFault = fault;
    }
  }

  command(close: boolean): void {
    if (this.closed === close) return;
    this.closed = close;
    this.model.writeOutputs(0, [ACTION.rACT | ACTION.rGTO, 0, 0, close ? 227 : 3, 200, 120]);
  }

  sample(nowMs: number): TelemetrySample {
    return {
      tMs: nowMs,
      joint: 'fingers',
      // Finger position counts (3 open … 227 closed) as a closed fraction, like the UI shows it.
      positionRad: Math.round(this.model.position) / 255,
      velocityRadS: 0,
      currentA: Math.round(this.model.currentA * 100) / 100,
      voltageV: 24,
      temperatureC: 31,
      hwError: this.model.faultCode(),
    };
  }
}
