import {
  checksumReplyDescriber,
  checksumRequestDescriber,
} from '../checksum-packet/describe-packet';
import { FeetechInstruction, feetechInstructionName } from './protocol';
import { decodeFeetechStatus } from './status';

/** One-line summaries for the raw packet console; a Sync Read lists the ids it asks. */
export const describeFeetechRequest = checksumRequestDescriber(
  feetechInstructionName,
  (code, name, p) =>
    code === FeetechInstruction.SyncRead
      ? `${name} @${p[0] ?? 0} ×${p[1] ?? 0} ids ${Array.from(p.subarray(2)).join(',')}`
      : undefined,
);

export const describeFeetechReply = checksumReplyDescriber(decodeFeetechStatus);
