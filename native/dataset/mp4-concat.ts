/**
 * Joins episode recordings of one camera into one LeRobot video file by copying their encoded
 * packets (no re-encode), re-timed onto one frame grid: frame k of the file sits at k / fps, which
 * is what LeRobot's decoders assume when they seek to `from_timestamp + timestamp`.
 */
import { rm, rename } from 'node:fs/promises';
import {
  ALL_FORMATS,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  FilePathSource,
  FilePathTarget,
  Input,
  Mp4OutputFormat,
  Output,
} from 'mediabunny';

export interface EpisodeSpan {
  path: string;
  frames: number;
  /** Seconds into the joined file: LeRobot's videos/<key>/from_timestamp and to_timestamp. */
  fromTimestamp: number;
  toTimestamp: number;
}

export class VideoJoinError extends Error {
  override name = 'VideoJoinError';
}

const sameBytes = (a?: AllowSharedBufferSource, b?: AllowSharedBufferSource) => {
  const view = (x?: AllowSharedBufferSource) =>
    x === undefined
      ? new Uint8Array()
      : ArrayBuffer.isView(x)
        ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
        : new Uint8Array(x);
  return Buffer.from(view(a)).equals(Buffer.from(view(b)));
};

/**
 * Writes `inputs` one after another into `output`. All inputs must share codec, size and decoder
 * configuration (SPS/PPS): a joined file has one, so the caller starts a new file otherwise.
 */
export async function joinEpisodeVideos(
  inputs: string[],
  output: string,
  fps: number,
): Promise<EpisodeSpan[]> {
  if (inputs.length === 0) throw new VideoJoinError('no episode videos to join');
  // Written beside the target and renamed at the end: a half-joined file never has the final name.
  const partial = `${output}.partial`;
  const out = new Output({
    format: new Mp4OutputFormat({ fastStart: false }),
    target: new FilePathTarget(partial),
  });
  let source: EncodedVideoPacketSource | null = null;
  let reference: VideoDecoderConfig | null = null;
  const spans: EpisodeSpan[] = [];
  let offset = 0;
  try {
    for (const path of inputs) {
      const input = new Input({ source: new FilePathSource(path), formats: ALL_FORMATS });
      try {
        const track = await input.getPrimaryVideoTrack();
        if (!track) throw new VideoJoinError(`${path} has no video track`);
        const config = await track.getDecoderConfig();
        const codec = track.codec;
        if (!config || !codec) throw new VideoJoinError(`${path}: codec not recognised`);
        if (!source || !reference) {
          source = new EncodedVideoPacketSource(codec);
          out.addVideoTrack(source, { frameRate: fps });
          await out.start();
          reference = config;
        } else if (
          config.codec !== reference.codec ||
          config.codedWidth !== reference.codedWidth ||
          config.codedHeight !== reference.codedHeight ||
          !sameBytes(config.description, reference.description)
        ) {
          throw new VideoJoinError(
            `${path} was encoded differently (${config.codec} ${config.codedWidth}×${config.codedHeight}) from the first episode (${reference.codec} ${reference.codedWidth}×${reference.codedHeight}); write it to a new file`,
          );
        }
        let frames = 0;
        for await (const packet of new EncodedPacketSink(track).packets()) {
          const index = offset + Math.round(packet.timestamp * fps);
          await source.add(
            packet.clone({ timestamp: index / fps, duration: 1 / fps }),
            spans.length === 0 && frames === 0 ? { decoderConfig: config } : undefined,
          );
          frames++;
        }
        spans.push({
          path,
          frames,
          fromTimestamp: offset / fps,
          toTimestamp: (offset + frames) / fps,
        });
        offset += frames;
      } finally {
        input.dispose();
      }
    }
    await out.finalize();
    await rename(partial, output);
  } catch (error) {
    await out.cancel().catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
  return spans;
}
