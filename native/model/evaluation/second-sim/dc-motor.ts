/**
 * The motor's electrical side: L·di/dt = u − R(T)·i − Ke·ω, stepped exactly for a constant
 * terminal voltage and speed over the step (so the sub-millisecond L/R never needs tiny steps).
 * Copper resistance rises with winding temperature (+0.393 %/K) and the magnets weaken
 * (−0.12 %/K), so a hot servo draws more current for the same torque and heats faster.
 */
import type { MotorConstants } from './servo-ratings';

const COPPER_TEMPCO = 0.00393;
const MAGNET_TEMPCO = -0.0012;

export class DcMotor {
  currentA = 0;
  private decay = 0;
  private resistance: number;
  private torqueConstant: number;

  constructor(
    readonly k: MotorConstants,
    private readonly stepS: number,
    windingC: number,
  ) {
    this.resistance = k.resistanceOhm;
    this.torqueConstant = k.torquePerAmp;
    this.setWindingTemperature(windingC);
  }

  /** Winding temperature changes slowly: resistance and the step's decay factor are cached. */
  setWindingTemperature(windingC: number): void {
    this.resistance = this.k.resistanceOhm * (1 + COPPER_TEMPCO * (windingC - 25));
    this.torqueConstant = this.k.torquePerAmp * (1 + MAGNET_TEMPCO * (windingC - 25));
    this.decay = Math.exp((-this.resistance * this.stepS) / this.k.inductanceH);
  }

  get resistanceOhm(): number {
    return this.resistance;
  }

  /** One step with the bridge driving `terminalV`; `enabled` false = bridge open (torque off). */
  step(terminalV: number, speedRadS: number, enabled: boolean): void {
    if (!enabled) {
      // Open bridge: the winding current dies through the freewheel path within the step.
      this.currentA *= this.decay;
      return;
    }
    const steady = (terminalV - this.k.backEmfVPerRadS * speedRadS) / this.resistance;
    this.currentA = steady + (this.currentA - steady) * this.decay;
  }

  get torqueNm(): number {
    return this.torqueConstant * this.currentA;
  }

  get copperLossW(): number {
    return this.currentA * this.currentA * this.resistance;
  }
}
