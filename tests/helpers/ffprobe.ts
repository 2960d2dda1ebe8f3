/** ffprobe (Debian's ffmpeg package) as a test oracle for the MP4s we write. */
import { execFileSync } from 'node:child_process';

export interface ProbedVideo {
  codec: string;
  pixFmt: string;
  width: number;
  height: number;
  hasBFrames: number;
  /** Presentation time of every decoded frame, seconds, in decode order. */
  pts: number[];
  keyframes: number;
}

export function probeVideo(path: string): ProbedVideo {
  const json = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,pix_fmt,width,height,has_b_frames:frame=pts_time,key_frame',
      '-of',
      'json',
      path,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const parsed = JSON.parse(json) as {
    streams: {
      codec_name: string;
      pix_fmt: string;
      width: number;
      height: number;
      has_b_frames: number;
    }[];
    frames?: { pts_time: string; key_frame: number }[];
  };
  const stream = parsed.streams[0];
  if (!stream) throw new Error(`${path} has no video stream`);
  const frames = parsed.frames ?? [];
  return {
    codec: stream.codec_name,
    pixFmt: stream.pix_fmt,
    width: stream.width,
    height: stream.height,
    hasBFrames: stream.has_b_frames,
    pts: frames.map((f) => Number(f.pts_time)),
    keyframes: frames.filter((f) => f.key_frame === 1).length,
  };
}

/** True when ffmpeg decodes the whole file without an error. */
export function decodesCleanly(path: string): boolean {
  try {
    execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', path, '-f', 'null', '-'], {
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}
