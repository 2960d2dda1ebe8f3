/**
 * Episodes of one camera joined into one LeRobot video file by packet copy, checked with ffprobe:
 * every frame on one 30 fps grid, and each episode's from/to range holding exactly its frames.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FfmpegMp4Writer } from '../../../native/camera/ffmpeg-mp4-writer';
import { SimCameraScene } from '../../../native/camera/sim-camera-scene';
import { VideoJoinError, joinEpisodeVideos } from '../../../native/dataset/mp4-concat';
import { decodesCleanly, probeVideo } from '../../helpers/ffprobe';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('genba-join-');

async function record(path: string, frames: number, width = 320, height = 240): Promise<void> {
  const scene = new SimCameraScene(width, height);
  const writer = FfmpegMp4Writer.open({ path, width, height, fps: 30, gop: 10 });
  for (let i = 0; i < frames; i++) {
    await writer.writeFrame(
      scene.render({
        pan: 0,
        lift: i / 50,
        elbow: 1,
        wrist: 0,
        gripper: 0.5,
        objectX: 0.2,
        objectHeld: false,
      }),
    );
  }
  await writer.close();
}

describe('joining episode videos', () => {
  it('copies every packet onto one grid and reports each episode’s range', async () => {
    const dir = tempDir();
    const episodes = [join(dir, 'e0.mp4'), join(dir, 'e1.mp4'), join(dir, 'e2.mp4')];
    await record(episodes[0]!, 45);
    await record(episodes[1]!, 31);
    await record(episodes[2]!, 60);
    const out = join(dir, 'file-000.mp4');

    const spans = await joinEpisodeVideos(episodes, out, 30);
    expect(spans.map((s) => [s.frames, s.fromTimestamp, s.toTimestamp])).toEqual([
      [45, 0, 1.5],
      [31, 1.5, 76 / 30],
      [60, 76 / 30, 136 / 30],
    ]);
    const video = probeVideo(out);
    expect(video.codec).toBe('h264');
    expect(video.pts).toHaveLength(136);
    video.pts.forEach((t, k) => expect(Math.abs(t - k / 30)).toBeLessThan(1e-4));
    // Each episode starts on a keyframe, so a decoder seeking to from_timestamp needs nothing earlier.
    expect(video.keyframes).toBe(5 + 4 + 6);
    expect(decodesCleanly(out)).toBe(true);
  });

  it('refuses an episode encoded at another size and leaves no joined file', async () => {
    const dir = tempDir();
    await record(join(dir, 'a.mp4'), 10);
    await record(join(dir, 'b.mp4'), 10, 160, 120);
    const out = join(dir, 'joined.mp4');
    await expect(
      joinEpisodeVideos([join(dir, 'a.mp4'), join(dir, 'b.mp4')], out, 30),
    ).rejects.toThrow(VideoJoinError);
    expect(existsSync(out)).toBe(false);
  });
});
