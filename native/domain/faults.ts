/**
 * The faults the diagnostics model detects, in the model's output order after `normal`. These
 * names are the contract of `genba diagnose --json` and of the simulators' `--fault`: they stay.
 */
export const FAULT_CLASSES = [
  'overheating',
  'overload',
  'collision',
  'encoder_fault',
  'voltage_sag',
  'wear',
  'link_degradation',
] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];

export const ALERT_STATES = ['raised', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** How bad a detected fault is for the people near the robot. */
export const ALERT_SEVERITIES = ['warning', 'error'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Faults that stop the task are errors; the rest are warnings (the robot may finish its work). */
export const FAULT_SEVERITY: Record<FaultClass, AlertSeverity> = {
  overheating: 'warning',
  overload: 'error',
  collision: 'warning',
  encoder_fault: 'error',
  voltage_sag: 'warning',
  wear: 'warning',
  link_degradation: 'warning',
};
