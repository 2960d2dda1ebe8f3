import { toHex } from '../dynamixel2/bytes';
import type { Reply } from '../transaction/packet-transactor';
import { CommonInstruction } from './common-instructions';
import { ChecksumPacketFramer } from './framer';
import { BROADCAST_ID_BYTE } from './packet';

/** A family's line for an instruction only it has; undefined leaves it to the generic line. */
export type OwnInstructionLine = (
  code: number,
  name: string,
  params: Uint8Array,
) => string | undefined;

/** One-line summaries of `FF FF ID LEN …` requests for the raw packet console. */
export function checksumRequestDescriber(
  instructionName: (code: number) => string,
  ownLine: OwnInstructionLine = () => undefined,
): (bytes: Uint8Array) => string {
  return (bytes) => {
    const [frame] = new ChecksumPacketFramer().push(bytes);
    if (!frame) return `raw ${bytes.length} byte(s)`;
    const p = frame.params;
    const to = frame.id === BROADCAST_ID_BYTE ? 'all' : `id ${frame.id}`;
    const name = instructionName(frame.code);
    switch (frame.code) {
      case CommonInstruction.Read:
        return `${name} ${to} @${p[0] ?? 0} ×${p[1] ?? 0}`;
      case CommonInstruction.Write:
      case CommonInstruction.RegWrite:
        return `${name} ${to} @${p[0] ?? 0} [${toHex(p.subarray(1))}]`;
      case CommonInstruction.SyncWrite:
        return `${name} @${p[0] ?? 0} ×${p[1] ?? 0}`;
      default:
        return ownLine(frame.code, name, p) ?? `${name} ${to}${p.length ? ` [${toHex(p)}]` : ''}`;
    }
  };
}

/** A status reply's console line: the id, the family's error flags and the parameter count. */
export function checksumReplyDescriber(
  decodeError: (error: number) => readonly { code: string }[],
): (reply: Reply) => string {
  return (reply) => {
    const flags = decodeError(reply.error)
      .map((m) => m.code)
      .join(' ');
    return `Status id ${reply.id}${flags ? ` ${flags}` : ''} ${reply.params.length} B`;
  };
}
