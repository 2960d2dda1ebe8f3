import type { Database } from 'better-sqlite3';
import type { AnonymizedLine } from '../anonymizer';
import { insertRow } from './rows';

/** A chunk row holds at most this many lines and about this many bytes. */
export const CHUNK_MAX_LINES = 128;
const CHUNK_MAX_BYTES = 48 * 1024;

interface OpenChunk {
  category: string;
  kind: string;
  priority: number;
  lines: string[];
  bytes: number;
}

/** Outbox rows as chunks: lines of one kind gathered, one INSERT per chunk instead of per record. */
export class OutboxWriter {
  private readonly chunks = new Map<string, OpenChunk>();

  constructor(
    private readonly db: Database,
    private readonly nowMs: number,
  ) {}

  add(
    category: string,
    { kind, line }: Pick<AnonymizedLine, 'kind' | 'line'>,
    priority: number,
  ): void {
    let chunk = this.chunks.get(kind);
    if (!chunk) {
      chunk = { category, kind, priority, lines: [], bytes: 0 };
      this.chunks.set(kind, chunk);
    }
    chunk.lines.push(line);
    chunk.bytes += line.length + 1;
    if (chunk.lines.length >= CHUNK_MAX_LINES || chunk.bytes >= CHUNK_MAX_BYTES) this.write(chunk);
  }

  flush(): void {
    for (const chunk of this.chunks.values()) if (chunk.lines.length) this.write(chunk);
  }

  private write(chunk: OpenChunk): void {
    insertRow(this.db, chunk, chunk.lines.join('\n'), chunk.lines.length, this.nowMs);
    chunk.lines = [];
    chunk.bytes = 0;
  }
}
