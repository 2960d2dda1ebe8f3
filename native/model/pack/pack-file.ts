/**
 * Reading one file of a model pack with its size known before a byte is read: only a regular file
 * (a link to a device such as /dev/zero, a fifo or a folder is refused), and never more than the
 * caller's bound, so a hostile pack cannot make verification read without end.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** manifest.json is a few kilobytes; this leaves room for evaluation blocks. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** The largest file a pack may list (the diagnostics model is about 20 KB). */
export const MAX_PACK_FILE_BYTES = 256 * 1024 * 1024;

export type PackFileRead =
  | { ok: true; bytes: Buffer }
  /** `size` is what was found, for 'too-large' and 'wrong-size'. */
  | { ok: false; reason: 'missing' | 'not-a-file' | 'too-large' | 'wrong-size'; size?: number };

/**
 * The whole file if it is a regular file of at most `maxBytes` (and of exactly `expectedBytes`
 * when given), read through one handle so the checks and the read see the same file.
 */
export async function readPackFile(
  path: string,
  maxBytes: number,
  expectedBytes?: number,
): Promise<PackFileRead> {
  let handle;
  try {
    // Non-blocking, so that opening a fifo returns at once instead of waiting for a writer.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return { ok: false, reason: 'missing' };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: 'not-a-file' };
    if (info.size > maxBytes) return { ok: false, reason: 'too-large', size: info.size };
    if (expectedBytes !== undefined && info.size !== expectedBytes)
      return { ok: false, reason: 'wrong-size', size: info.size };
    const bytes = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    // A file that shrank while being read is not the file that was checked.
    if (filled !== bytes.length) return { ok: false, reason: 'wrong-size', size: filled };
    return { ok: true, bytes };
  } catch {
    return { ok: false, reason: 'missing' };
  } finally {
    await handle.close();
  }
}
