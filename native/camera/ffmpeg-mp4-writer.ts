/**
 * Encodes RGBA frames to H.264 in a fragmented MP4 with Debian's ffmpeg (a child process fed on
 * stdin). Fragmented so that a killed recorder leaves a playable file: every fragment already
 * written stays readable. H.264 without B-frames and a short GOP: what LeRobot's decoders seek in
 * cheaply, and the same codec the renderer's WebCodecs path records.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface Mp4WriterOptions {
  path: string;
  width: number;
  height: number;
  fps: number;
  /** Keyframe interval in frames; also the fragment length. */
  gop?: number;
  /** x264 constant rate factor (lower = better, bigger). */
  crf?: number;
  ffmpegPath?: string;
}

export class Mp4WriterError extends Error {
  override name = 'Mp4WriterError';
}

export class FfmpegMp4Writer {
  private frames = 0;
  private stderr = '';
  private readonly exited: Promise<number | null>;
  private failure: Error | null = null;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, null, Readable>,
    private readonly options: Required<Omit<Mp4WriterOptions, 'ffmpegPath'>>,
  ) {
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    // A dead encoder turns into an error on the next write, not an unhandled EPIPE.
    child.stdin.on('error', (error) => {
      this.failure ??= error;
    });
    this.exited = new Promise((resolve) => child.once('close', resolve));
  }

  static open(options: Mp4WriterOptions): FfmpegMp4Writer {
    const settings = { gop: 10, crf: 23, ...options };
    const { path, width, height, fps, gop, crf } = settings;
    const args = [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-r', String(fps)],
      ...['-i', 'pipe:0', '-an'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-crf', String(crf)],
      ...['-bf', '0', '-g', String(gop), '-keyint_min', String(gop), '-pix_fmt', 'yuv420p'],
      // Without flush_packets ffmpeg keeps up to 32 KB in its output buffer: a killed recording
      // of a quiet scene was found holding nothing but the 28-byte ftyp.
      ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-flush_packets', '1'],
      ...['-f', 'mp4', path],
    ];
    const child = spawn(options.ffmpegPath ?? 'ffmpeg', args, {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const writer = new FfmpegMp4Writer(child, { path, width, height, fps, gop, crf });
    child.once('error', (error: NodeJS.ErrnoException) => {
      writer.failure =
        error.code === 'ENOENT'
          ? new Mp4WriterError(
              'ffmpeg was not found: install it (Debian: apt-get install ffmpeg) or set its path',
            )
          : error;
    });
    return writer;
  }

  get framesWritten(): number {
    return this.frames;
  }

  /** Queues one frame (width × height × 4 bytes); resolves when ffmpeg can take more. */
  async writeFrame(rgba: Uint8Array | Uint8ClampedArray): Promise<void> {
    const expected = this.options.width * this.options.height * 4;
    if (rgba.byteLength !== expected)
      throw new Mp4WriterError(`a frame must be ${expected} bytes of RGBA, got ${rgba.byteLength}`);
    if (this.failure) throw this.describe(this.failure);
    const buffer = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
    const more = this.child.stdin.write(buffer);
    this.frames++;
    if (!more) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.child.stdin.off('drain', done);
          this.child.off('close', done);
          resolve();
        };
        this.child.stdin.on('drain', done);
        this.child.once('close', done);
      });
    }
    if (this.failure) throw this.describe(this.failure);
  }

  /** Ends the stream and waits for ffmpeg to write the last fragment. */
  async close(): Promise<{ frames: number; path: string }> {
    this.child.stdin.end();
    const code = await this.exited;
    if (this.failure) throw this.describe(this.failure);
    if (code !== 0) throw this.describe(new Error(`ffmpeg exited with code ${code}`));
    return { frames: this.frames, path: this.options.path };
  }

  private describe(error: Error): Error {
    if (error instanceof Mp4WriterError) return error;
    const detail = this.stderr.trim().split('\n').pop();
    return new Mp4WriterError(
      `encoding ${this.options.path} failed: ${error.message}${detail ? ` (${detail})` : ''}`,
    );
  }
}
