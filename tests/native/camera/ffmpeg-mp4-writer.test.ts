/**
 * The simulated camera recorded through Debian's ffmpeg: frame count, codec and timestamps checked
 * with ffprobe, and a SIGKILL of the recorder and its encoder mid-recording.
 */
import { fork } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FfmpegMp4Writer } from '../../../native/camera/ffmpeg-mp4-writer';
import { SimCameraScene, type ArmPose } from '../../../native/camera/sim-camera-scene';
import { forkEntry } from '../../../native/process/node-entry';
import { decodesCleanly, probeVideo } from '../../helpers/ffprobe';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('genba-camera-');

const pose = (i: number): ArmPose => ({
  pan: 0.3 * Math.sin(i / 20),
  lift: -0.4 + 0.3 * Math.sin(i / 15),
  elbow: 1.2,
  wrist: 0.2,
  gripper: (i % 60) / 60,
  objectX: 0.25,
  objectHeld: i > 45,
});

describe('simulated camera to MP4', () => {
  it('renders deterministically and differently for different poses', () => {
    const a = new SimCameraScene(160, 120);
    const b = new SimCameraScene(160, 120);
    const first = Buffer.from(a.render(pose(3)));
    expect(Buffer.from(b.render(pose(3))).equals(first)).toBe(true);
    expect(Buffer.from(b.render(pose(40))).equals(first)).toBe(false);
  });

  it('writes every frame as H.264 yuv420p on the 30 fps grid with a keyframe every 10 frames', async () => {
    const path = join(tempDir(), 'front.mp4');
    const scene = new SimCameraScene();
    const writer = FfmpegMp4Writer.open({ path, width: 640, height: 480, fps: 30, gop: 10 });
    for (let i = 0; i < 90; i++) await writer.writeFrame(scene.render(pose(i)));
    expect(await writer.close()).toEqual({ frames: 90, path });

    const video = probeVideo(path);
    expect(video).toMatchObject({
      codec: 'h264',
      pixFmt: 'yuv420p',
      width: 640,
      height: 480,
      hasBFrames: 0,
    });
    expect(video.pts).toHaveLength(90);
    video.pts.forEach((t, i) => expect(Math.abs(t - i / 30)).toBeLessThan(1e-4));
    expect(video.keyframes).toBe(9);
    expect(decodesCleanly(path)).toBe(true);
  });

  it('refuses a frame of the wrong size and names the expected size', async () => {
    const writer = FfmpegMp4Writer.open({
      path: join(tempDir(), 'x.mp4'),
      width: 64,
      height: 48,
      fps: 30,
    });
    await expect(writer.writeFrame(new Uint8Array(10))).rejects.toThrow(
      /12288 bytes of RGBA, got 10/,
    );
    await writer.writeFrame(new Uint8Array(64 * 48 * 4));
    await writer.close();
  });

  it('says how to install ffmpeg when it is missing', async () => {
    const writer = FfmpegMp4Writer.open({
      path: join(tempDir(), 'y.mp4'),
      width: 64,
      height: 48,
      fps: 30,
      ffmpegPath: '/nonexistent/ffmpeg',
    });
    await new Promise((r) => setTimeout(r, 50));
    await expect(writer.writeFrame(new Uint8Array(64 * 48 * 4))).rejects.toThrow(
      /apt-get install ffmpeg/,
    );
  });

  it('keeps every finished fragment readable after SIGKILL of the recorder and its encoder', async () => {
    const path = join(tempDir(), 'killed.mp4');
    const entry = forkEntry(new URL('./sim-camera-recording.child.ts', import.meta.url));
    const child = fork(entry.filename, [path], {
      execArgv: entry.execArgv,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      detached: true,
    });
    let handed = 0;
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const counts = [...chunk.toString().matchAll(/FRAMES (\d+)/g)].map((m) => Number(m[1]));
        handed = Math.max(handed, ...counts);
        if (handed >= 150) resolve();
      });
    });
    // The whole process group: the recorder and the ffmpeg it started die together.
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    expect(statSync(path).size).toBeGreaterThan(0);
    const video = probeVideo(path);
    // Fragments close at each keyframe (10 frames); what was still in the pipe or the encoder is
    // lost, everything before it decodes, on the grid.
    expect(video.pts.length).toBeGreaterThanOrEqual(handed - 60);
    expect(video.pts.length).toBeLessThanOrEqual(handed + 30);
    video.pts.forEach((t, i) => expect(Math.abs(t - i / 30)).toBeLessThan(1e-4));
    expect(decodesCleanly(path)).toBe(true);
  });
});
