import {
  checksumReplyDescriber,
  checksumRequestDescriber,
} from '../checksum-packet/describe-packet';
import { Dynamixel1Instruction, dynamixel1InstructionName } from './protocol';
import { decodeDynamixel1Error } from './status';

/** One-line summaries for the raw packet console; a Bulk Read lists the ids it asks. */
export const describeDynamixel1Request = checksumRequestDescriber(
  dynamixel1InstructionName,
  (code, name, p) => {
    if (code !== Dynamixel1Instruction.BulkRead) return undefined;
    const ids: number[] = [];
    for (let o = 2; o < p.length; o += 3) ids.push(p[o] ?? 0);
    return `${name} ids ${ids.join(',')}`;
  },
);

export const describeDynamixel1Reply = checksumReplyDescriber(decodeDynamixel1Error);
