import { decodeUint, toHex } from './bytes';
import { decodeStatusError } from './errors';
import type { InstructionPacket, StatusPacket } from './packet';
import { BROADCAST_ID, Instruction, instructionName } from './protocol';

/** One-line summaries for the raw packet console. */
export function describeInstruction(packet: InstructionPacket): string {
  const p = packet.params;
  const to = packet.id === BROADCAST_ID ? 'all' : `id ${packet.id}`;
  const name = instructionName(packet.instruction);
  switch (packet.instruction) {
    case Instruction.Read:
      return `${name} ${to} @${decodeUint(p, 0, 2)} ×${decodeUint(p, 2, 2)}`;
    case Instruction.Write:
    case Instruction.RegWrite:
      return `${name} ${to} @${decodeUint(p, 0, 2)} [${toHex(p.subarray(2))}]`;
    case Instruction.SyncRead:
    case Instruction.FastSyncRead:
      return `${name} @${decodeUint(p, 0, 2)} ×${decodeUint(p, 2, 2)} ids ${Array.from(p.subarray(4)).join(',')}`;
    case Instruction.SyncWrite:
      return `${name} @${decodeUint(p, 0, 2)} ×${decodeUint(p, 2, 2)}`;
    default:
      return `${name} ${to}${p.length ? ` [${toHex(p)}]` : ''}`;
  }
}

export function describeStatus(packet: StatusPacket): string {
  const { alert, code, message } = decodeStatusError(packet.error);
  const flags = [alert ? 'ALERT' : '', code ? (message?.code ?? `err ${code}`) : '']
    .filter(Boolean)
    .join(' ');
  const who = packet.id === BROADCAST_ID ? 'fast reply' : `id ${packet.id}`;
  return `Status ${who}${flags ? ` ${flags}` : ''} ${packet.params.length} B`;
}
