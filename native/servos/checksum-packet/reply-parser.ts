import type { Reply, ReplyParser } from '../transaction/packet-transactor';
import { ChecksumPacketFramer, type ChecksumFramerOptions } from './framer';

/** Host side: status frames as transaction replies (the code byte is the error/status byte). */
export class ChecksumReplyParser implements ReplyParser {
  private readonly framer: ChecksumPacketFramer;

  constructor(options: ChecksumFramerOptions = {}) {
    this.framer = new ChecksumPacketFramer(options);
  }

  get stats(): { checksumErrors: number; garbageBytes: number; frames: number } {
    return { ...this.framer.stats };
  }

  push(chunk: Uint8Array): Reply[] {
    return this.framer
      .push(chunk)
      .map(({ id, code, params, bytes }) => ({ id, error: code, params, bytes }));
  }

  reset(): void {
    this.framer.reset();
  }
}
