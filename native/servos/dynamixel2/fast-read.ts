import { crc16 } from './crc';
import type { StatusPacket } from './packet';
import { BROADCAST_ID, HEADER, STATUS_INSTRUCTION } from './protocol';

/**
 * Fast Sync Read (0x8A) and Fast Bulk Read (0x9A) replies arrive as ONE status packet with the
 * broadcast id. Each device appends a block `ERR, ID, data…, CRC_L, CRC_H`; a block's CRC covers
 * the whole packet up to that point, so the last block's CRC is the packet CRC. Not stuffed.
 */
export interface FastReadBlock {
  id: number;
  error: number;
  data: Uint8Array;
}

/** Device side: builds the combined reply (used by the simulator). */
export function encodeFastReadReply(blocks: FastReadBlock[]): Uint8Array {
  const payload = blocks.reduce((sum, b) => sum + b.data.length + 4, 0);
  const length = 1 + payload; // instruction + blocks (the last CRC is the packet CRC)
  const out = new Uint8Array(7 + length);
  out.set(HEADER, 0);
  out[4] = BROADCAST_ID;
  out[5] = length & 0xff;
  out[6] = (length >> 8) & 0xff;
  out[7] = STATUS_INSTRUCTION;
  let o = 8;
  for (const block of blocks) {
    out[o++] = block.error;
    out[o++] = block.id;
    out.set(block.data, o);
    o += block.data.length;
    const crc = crc16(out, 0, o);
    out[o++] = crc & 0xff;
    out[o++] = (crc >> 8) & 0xff;
  }
  return out;
}

/**
 * Host side: splits a combined reply into per-device blocks. `lengthOf(id)` gives the data length
 * each device was asked for (one length for Fast Sync Read, per-id for Fast Bulk Read). Blocks
 * whose own CRC fails are dropped; the caller sees those ids as missing.
 */
export function decodeFastReadReply(
  packet: StatusPacket,
  lengthOf: (id: number) => number | undefined,
): FastReadBlock[] {
  const bytes = packet.bytes;
  const end = bytes.length; // the packet CRC was already checked by the parser
  const blocks: FastReadBlock[] = [];
  let o = 8;
  while (o + 4 <= end) {
    const error = bytes[o] ?? 0;
    const id = bytes[o + 1] ?? 0;
    const length = lengthOf(id);
    if (length === undefined || o + 4 + length > end) break;
    const dataStart = o + 2;
    const crcAt = dataStart + length;
    const crc = (bytes[crcAt] ?? 0) | ((bytes[crcAt + 1] ?? 0) << 8);
    if (crc16(bytes, 0, crcAt) === crc) {
      blocks.push({ id, error, data: bytes.slice(dataStart, crcAt) });
    }
    o = crcAt + 2;
  }
  return blocks;
}

export function decodeFastSyncRead(packet: StatusPacket, length: number): FastReadBlock[] {
  return decodeFastReadReply(packet, () => length);
}

export function decodeFastBulkRead(
  packet: StatusPacket,
  entries: { id: number; length: number }[],
): FastReadBlock[] {
  const lengths = new Map(entries.map((e) => [e.id, e.length]));
  return decodeFastReadReply(packet, (id) => lengths.get(id));
}
