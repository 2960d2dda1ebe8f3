import type { ModelDescriptor } from '../catalog/model-catalog';
import type { Dynamixel1ControlTable } from '../dynamixel1/control-table';
import { identifyDynamixel1 } from '../dynamixel1/models';
import type { FeetechControlTable } from '../feetech/control-table';
import { identifyFeetech } from '../feetech/models';

/**
 * Dynamixel 1.0 and Feetech share the frame byte for byte: a Ping gets the same
 * `FF FF id 02 00 chk` from an AX-12A as from an STS3215, so a scan cannot tell them apart by
 * Ping. The first six bytes of the control table can: Protocol 1.0 keeps the ID at address 3
 * (after Model Number and Firmware Version), Feetech at address 5 (after firmware, byte order and
 * Model Number at 3–4). Read 0–5 after the Ping and ask which layout holds the id that answered;
 * when both do, the family whose catalog knows the model number wins.
 */
export const IDENTITY_PROBE_ADDRESS = 0;
export const IDENTITY_PROBE_LENGTH = 6;

export type ChecksumFamilyIdentity =
  | { family: 'dynamixel1'; model: ModelDescriptor<Dynamixel1ControlTable>; firmware: string }
  | { family: 'feetech'; model: ModelDescriptor<FeetechControlTable>; firmware: string }
  | { family: 'unknown'; model: null; firmware: null };

export function identifyChecksumFamily(id: number, bytes: Uint8Array): ChecksumFamilyIdentity {
  if (bytes.length < IDENTITY_PROBE_LENGTH)
    return { family: 'unknown', model: null, firmware: null };
  const dxl = bytes[3] === id ? identifyDynamixel1(bytes) : null;
  const feetech = bytes[5] === id ? identifyFeetech(bytes) : null;
  const known = (found: { model: { status: string } } | null): boolean =>
    found !== null && found.model.status !== 'unknown';
  // Both layouts hold the id: trust the family that knows the model number (none: undecided).
  const useFeetech = feetech && (!dxl || (known(feetech) && !known(dxl)));
  const useDxl = dxl && (!feetech || (known(dxl) && !known(feetech)));
  if (useFeetech) return { family: 'feetech', model: feetech.model, firmware: feetech.firmware };
  if (useDxl)
    return { family: 'dynamixel1', model: dxl.model, firmware: String(dxl.firmwareVersion) };
  return { family: 'unknown', model: null, firmware: null };
}
