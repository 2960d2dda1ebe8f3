import { toHex } from '../dynamixel2/bytes';
import { ChecksumPacketFramer } from '../checksum-packet/framer';
import type { Reply } from '../transaction/packet-transactor';
import { BROADCAST_ID, FeetechInstruction, feetechInstructionName } from './protocol';
import { decodeFeetechStatus } from './status';

/** One-line summaries for the raw packet console. */
export function describeFeetechRequest(bytes: Uint8Array): string {
  const [frame] = new ChecksumPacketFramer().push(bytes);
  if (!frame) return `raw ${bytes.length} byte(s)`;
  const p = frame.params;
  const to = frame.id === BROADCAST_ID ? 'all' : `id ${frame.id}`;
  const name = feetechInstructionName(frame.code);
  switch (frame.code) {
    case FeetechInstruction.Read:
      return `${name} ${to} @${p[0] ?? 0} ×${p[1] ?? 0}`;
    case FeetechInstruction.Write:
    case FeetechInstruction.RegWrite:
      return `${name} ${to} @${p[0] ?? 0} [${toHex(p.subarray(1))}]`;
    case FeetechInstruction.SyncRead:
      return `${name} @${p[0] ?? 0} ×${p[1] ?? 0} ids ${Array.from(p.subarray(2)).join(',')}`;
    case FeetechInstruction.SyncWrite:
      return `${name} @${p[0] ?? 0} ×${p[1] ?? 0}`;
    default:
      return `${name} ${to}${p.length ? ` [${toHex(p)}]` : ''}`;
  }
}

export function describeFeetechReply(reply: Reply): string {
  const flags = decodeFeetechStatus(reply.error)
    .map((m) => m.code)
    .join(' ');
  return `Status id ${reply.id}${flags ? ` ${flags}` : ''} ${reply.params.length} B`;
}
