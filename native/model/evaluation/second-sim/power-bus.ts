/**
 * One supply shared by every servo on the bus: an open-circuit voltage behind a source impedance
 * (the supply's own regulation plus the main cable), a bulk capacitor that smooths fast current
 * steps, and a daisy chain in which every cable segment carries the current of all the servos
 * beyond it, so the last servo sees the lowest voltage. A battery's open-circuit voltage falls
 * slowly with the charge it has delivered. Faults lower the open-circuit voltage (a droop or a
 * trend) or raise the source impedance (a corroded connector: the bus only sags under load).
 */
export interface SupplySpec {
  kind: 'regulated' | 'battery';
  nominalV: number;
  sourceOhm: number;
  /** Resistance of each daisy-chain segment (cable and connectors). */
  segmentOhm: number;
  /** Battery: open-circuit volts lost per ampere-hour delivered. */
  batteryVPerAh: number;
  /** Mains ripple left on a regulated supply (V peak). */
  rippleV: number;
}

/** Bulk-capacitor time constant of the bus (s). */
const BUS_TAU_S = 0.003;

export class PowerBus {
  /** Voltage at each servo's connector, bus order. */
  readonly servoV: Float64Array;
  busV: number;
  /** Faults: volts taken off the open-circuit voltage, and extra source resistance. */
  droopV = 0;
  extraSourceOhm = 0;
  private chargeAh = 0;
  private readonly alpha: number;

  constructor(
    readonly spec: SupplySpec,
    servos: number,
    private readonly stepS: number,
  ) {
    this.servoV = new Float64Array(servos).fill(spec.nominalV);
    this.busV = spec.nominalV;
    this.alpha = 1 - Math.exp(-stepS / BUS_TAU_S);
  }

  get openCircuitV(): number {
    const s = this.spec;
    const battery = s.kind === 'battery' ? s.batteryVPerAh * this.chargeAh : 0;
    return s.nominalV - battery - this.droopV;
  }

  /** One step with each servo drawing `currentA[i]` (bus order); `tS` for the ripple phase. */
  step(tS: number, currentA: Float64Array): void {
    let total = 0;
    for (let i = 0; i < currentA.length; i++) total += currentA[i] ?? 0;
    // A supply does not sink current: regeneration only lifts the bus a little.
    const drawn = Math.max(total, -0.1);
    this.chargeAh += (Math.max(drawn, 0) * this.stepS) / 3600;
    const s = this.spec;
    const ripple = s.rippleV * Math.sin(2 * Math.PI * 100 * tS);
    const target = this.openCircuitV - (s.sourceOhm + this.extraSourceOhm) * drawn + ripple;
    this.busV += (target - this.busV) * this.alpha;
    let downstream = Math.max(total, 0);
    let v = this.busV;
    for (let i = 0; i < this.servoV.length; i++) {
      v -= s.segmentOhm * downstream;
      this.servoV[i] = v;
      downstream -= Math.max(currentA[i] ?? 0, 0);
    }
  }
}
