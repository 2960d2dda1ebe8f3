/**
 * Two thermal nodes and the air around them: the winding (small heat capacity, heated by copper
 * loss) couples to the case (large capacity, heated by gearbox friction and the driver), which
 * loses heat to ambient through a resistance that blocked cooling raises. Backward Euler on the
 * 2×2 system: unconditionally stable and monotone, so no step size can push a temperature past
 * its physical steady state or below ambient. The servo's own sensor sits on the board between
 * case and winding and lags both.
 */
export interface ThermalParameters {
  /** Winding and case heat capacities (J/K). */
  windingJPerK: number;
  caseJPerK: number;
  windingToCaseKPerW: number;
  /** Case to ambient in still air with the servo's normal cooling. */
  caseToAmbientKPerW: number;
  /** Where the temperature sensor sits between case (0) and winding (1), and its lag. */
  sensorWindingShare: number;
  sensorLagS: number;
}

export class ThermalNetwork {
  windingC: number;
  caseC: number;
  sensorC: number;
  /** Multiplies the case-to-ambient resistance (1 = normal cooling; blocked cooling > 1). */
  coolingResistanceFactor = 1;

  constructor(
    readonly p: ThermalParameters,
    startC: number,
  ) {
    this.windingC = startC;
    this.caseC = startC;
    this.sensorC = startC;
  }

  /** Advances by `h` seconds with `windingW` into the winding and `caseW` into the case. */
  step(h: number, windingW: number, caseW: number, ambientC: number): void {
    const p = this.p;
    const gwc = 1 / p.windingToCaseKPerW;
    const gca = 1 / (p.caseToAmbientKPerW * this.coolingResistanceFactor);
    const cw = p.windingJPerK / h;
    const cc = p.caseJPerK / h;
    // [cw+gwc, −gwc; −gwc, cc+gwc+gca] · [Tw; Tc] = [cw·Tw + Pw; cc·Tc + Pc + gca·Ta]
    const a11 = cw + gwc;
    const a12 = -gwc;
    const a22 = cc + gwc + gca;
    const b1 = cw * this.windingC + windingW;
    const b2 = cc * this.caseC + caseW + gca * ambientC;
    const det = a11 * a22 - a12 * a12;
    this.windingC = (b1 * a22 - a12 * b2) / det;
    this.caseC = (a11 * b2 - a12 * b1) / det;
    const target = this.caseC + p.sensorWindingShare * (this.windingC - this.caseC);
    this.sensorC += (target - this.sensorC) * (1 - Math.exp(-h / p.sensorLagS));
  }

  /** Sensor reading the network settles at for constant powers (for bounds and time-to-alarm). */
  steadySensorC(windingW: number, caseW: number, ambientC: number): number {
    const rca = this.p.caseToAmbientKPerW * this.coolingResistanceFactor;
    const caseC = ambientC + (windingW + caseW) * rca;
    const windingC = caseC + windingW * this.p.windingToCaseKPerW;
    return caseC + this.p.sensorWindingShare * (windingC - caseC);
  }
}
