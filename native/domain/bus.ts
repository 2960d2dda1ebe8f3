/** Serial ports, the protocols spoken on them, and what a bus scan finds. */
import type { Bilingual } from './language';

/** The `protocol` of `genba scan --json` entries (a command-line contract). */
export const BUS_PROTOCOLS = ['dynamixel2', 'modbus-rtu'] as const;
export type BusProtocol = (typeof BUS_PROTOCOLS)[number];

/** Servo families Genba speaks to; each is one folder under native/servos/. */
export const SERVO_FAMILIES = ['dynamixel2'] as const;
export type ServoFamily = (typeof SERVO_FAMILIES)[number];

/** Where a port's listing came from (udev may be missing: by-id and sysfs are fallbacks). */
export const PORT_SOURCES = ['serialport', 'by-id', 'sysfs', 'typed', 'demo'] as const;
export type PortSource = (typeof PORT_SOURCES)[number];

export interface SerialPortSummary {
  path: string;
  identity: string;
  adapterName?: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  byIdPath?: string;
  source: PortSource;
  /** A demo port: the simulated robot's profile name, for the screen to say in its language. */
  simulates?: Bilingual;
  /** The robot using this port, if any. */
  inUseBy?: string;
}

export interface ScanRequest {
  path: string;
  protocols?: BusProtocol[];
  bauds?: number[];
}

export interface ScanDevice {
  protocol: BusProtocol;
  id: number;
  baud: number;
  model: string;
}

export const SCAN_STATES = ['running', 'finished', 'cancelled', 'failed'] as const;
export type ScanState = (typeof SCAN_STATES)[number];

/** Why a scan failed, for the screen's words: the port would not open, or closed mid-scan. */
export const SCAN_FAILURES = ['port-unavailable', 'port-closed', 'failed'] as const;
export type ScanFailure = (typeof SCAN_FAILURES)[number];

export interface ScanProgress {
  scanId: string;
  path: string;
  done: number;
  total: number;
  protocol: BusProtocol | null;
  baud: number | null;
  found: ScanDevice[];
  state: ScanState;
  /** With state 'failed': what went wrong, and the system's own words for it. */
  failure?: ScanFailure;
  error?: string;
}
