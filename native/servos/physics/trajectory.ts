/**
 * The servo's profile generator: moves the position set-point toward the goal no faster than
 * the profile velocity and with at most the profile acceleration, braking in time to stop.
 */
export class Trajectory {
  positionRad: number;
  velocityRadS = 0;

  constructor(startRad: number) {
    this.positionRad = startRad;
  }

  reset(rad: number): void {
    this.positionRad = rad;
    this.velocityRadS = 0;
  }

  step(goalRad: number, maxVelRadS: number, maxAccRadS2: number, dt: number): void {
    const error = goalRad - this.positionRad;
    const vmax = maxVelRadS > 0 ? maxVelRadS : Infinity;
    const braking = Number.isFinite(maxAccRadS2)
      ? Math.sqrt(2 * maxAccRadS2 * Math.abs(error))
      : Infinity;
    let desired = Math.sign(error) * Math.min(vmax, braking, Math.abs(error) / dt);
    if (Number.isFinite(maxAccRadS2)) {
      const dv = maxAccRadS2 * dt;
      desired = Math.min(this.velocityRadS + dv, Math.max(this.velocityRadS - dv, desired));
    }
    this.velocityRadS = desired;
    this.positionRad += desired * dt;
    if (
      Math.abs(goalRad - this.positionRad) < 1e-9 ||
      Math.sign(goalRad - this.positionRad) !== Math.sign(error)
    ) {
      if (Math.abs(desired) * dt >= Math.abs(error)) {
        this.positionRad = goalRad;
        this.velocityRadS = 0;
      }
    }
  }
}
