import { checksum } from './checksum';

/**
 * `FF FF ID LEN CODE PARAMS… CHK`, where LEN counts CODE, the parameters and CHK, and CODE is
 * the instruction (host → servo) or the error/status byte (servo → host). Dynamixel Protocol
 * 1.0 and Feetech FT-SCS share this frame; what the bytes mean is each family's business.
 */
export const HEADER_BYTE = 0xff;
/** Every device executes a packet sent to 254; none answers it (except Feetech STS to Ping). */
export const BROADCAST_ID_BYTE = 0xfe;
/** Header 2 + ID + LEN + CODE + CHK. */
export const FRAME_OVERHEAD = 6;
/** LEN is one byte, so a frame carries at most 253 parameter bytes. */
export const MAX_PARAMS = 253;

export interface ChecksumFrame {
  id: number;
  /** Instruction (host → servo) or error/status byte (servo → host). */
  code: number;
  params: Uint8Array;
  /** The frame exactly as it was on the wire. */
  bytes: Uint8Array;
}

export class FrameTooLongError extends Error {
  constructor(params: number) {
    super(
      `A packet can carry at most ${MAX_PARAMS} parameter bytes; this one has ${params}. Split the request.`,
    );
    this.name = 'FrameTooLongError';
  }
}

export function encodeFrame(id: number, code: number, params: ArrayLike<number> = []): Uint8Array {
  if (params.length > MAX_PARAMS) throw new FrameTooLongError(params.length);
  const out = new Uint8Array(FRAME_OVERHEAD + params.length);
  out[0] = HEADER_BYTE;
  out[1] = HEADER_BYTE;
  out[2] = id & 0xff;
  out[3] = params.length + 2;
  out[4] = code & 0xff;
  for (let i = 0; i < params.length; i++) out[5 + i] = (params[i] ?? 0) & 0xff;
  out[out.length - 1] = checksum(out, 2, out.length - 1);
  return out;
}
