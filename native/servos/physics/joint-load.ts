/** What the servo horn is attached to: the part of the arm a joint has to move and hold. */
export interface JointLoad {
  /** Reflected inertia at the output, rotor included (kg·m²). */
  inertiaKgM2: number;
  /** Peak gravity torque (N·m), reached with the link horizontal; 0 for a vertical axis. */
  gravityNm: number;
  /** Joint angle (rad from the centre position) at which gravity torque is zero. */
  gravityZeroRad: number;
  /** Gearbox friction that must be overcome to start moving (N·m). */
  staticFrictionNm: number;
  /** Gearbox friction while moving (N·m). */
  kineticFrictionNm: number;
  viscousNmPerRadS: number;
  /** Mechanical stops, rad from the centre position. */
  minRad: number;
  maxRad: number;
}

/** A bare XM430-W350 on the bench: only its own geared rotor and gearbox friction. */
export const BARE_SERVO: JointLoad = {
  inertiaKgM2: 0.012,
  gravityNm: 0,
  gravityZeroRad: 0,
  staticFrictionNm: 0.3,
  kineticFrictionNm: 0.2,
  viscousNmPerRadS: 0.02,
  minRad: -Infinity,
  maxRad: Infinity,
};
