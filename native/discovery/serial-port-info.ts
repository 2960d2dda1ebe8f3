import type { PortSource } from '../domain';

/** A serial port as the UI and the robot registry see it. */
export interface SerialPortInfo {
  /** What to open: `/dev/ttyUSB0`, `COM3`, `/dev/pts/4`. */
  path: string;
  /** Stable across replugging when the adapter has a USB serial number. */
  identity: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  manufacturer?: string;
  /** A known adapter's name (e.g. "ROBOTIS U2D2"), else the USB product string. */
  adapterName?: string;
  /** `/dev/serial/by-id/…` when present. */
  byIdPath?: string;
  source: Exclude<PortSource, 'demo'>;
}

/**
 * A robot's identity follows its adapter: the USB serial number when it has one (so it keeps its
 * name and settings on another port), otherwise the by-id path, otherwise the path itself.
 */
export function adapterIdentity(info: {
  path: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  byIdPath?: string;
}): string {
  if (info.serialNumber && info.vendorId && info.productId) {
    return `usb:${info.vendorId.toLowerCase()}:${info.productId.toLowerCase()}:${info.serialNumber}`;
  }
  if (info.byIdPath) return `by-id:${info.byIdPath.split('/').pop() ?? info.byIdPath}`;
  return `path:${info.path}`;
}
