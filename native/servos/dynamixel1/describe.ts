import { toHex } from '../dynamixel2/bytes';
import { ChecksumPacketFramer } from '../checksum-packet/framer';
import type { Reply } from '../transaction/packet-transactor';
import { BROADCAST_ID, Dynamixel1Instruction, dynamixel1InstructionName } from './protocol';
import { decodeDynamixel1Error } from './status';

/** One-line summaries for the raw packet console. */
export function describeDynamixel1Request(bytes: Uint8Array): string {
  const [frame] = new ChecksumPacketFramer().push(bytes);
  if (!frame) return `raw ${bytes.length} byte(s)`;
  const p = frame.params;
  const to = frame.id === BROADCAST_ID ? 'all' : `id ${frame.id}`;
  const name = dynamixel1InstructionName(frame.code);
  switch (frame.code) {
    case Dynamixel1Instruction.Read:
      return `${name} ${to} @${p[0] ?? 0} ×${p[1] ?? 0}`;
    case Dynamixel1Instruction.Write:
    case Dynamixel1Instruction.RegWrite:
      return `${name} ${to} @${p[0] ?? 0} [${toHex(p.subarray(1))}]`;
    case Dynamixel1Instruction.SyncWrite:
      return `${name} @${p[0] ?? 0} ×${p[1] ?? 0}`;
    case Dynamixel1Instruction.BulkRead: {
      const ids: number[] = [];
      for (let o = 2; o < p.length; o += 3) ids.push(p[o] ?? 0);
      return `${name} ids ${ids.join(',')}`;
    }
    default:
      return `${name} ${to}${p.length ? ` [${toHex(p)}]` : ''}`;
  }
}

export function describeDynamixel1Reply(reply: Reply): string {
  const flags = decodeDynamixel1Error(reply.error)
    .map((m) => m.code)
    .join(' ');
  return `Status id ${reply.id}${flags ? ` ${flags}` : ''} ${reply.params.length} B`;
}
