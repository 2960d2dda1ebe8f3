/**
 * Child process for the camera SIGKILL test: records the simulated camera into a fragmented MP4
 * without end and prints how many frames it has handed to the encoder.
 */
import { FfmpegMp4Writer } from '../../../native/camera/ffmpeg-mp4-writer';
import { SimCameraScene } from '../../../native/camera/sim-camera-scene';

const path = process.argv[2];
if (!path) throw new Error('usage: sim-camera-recording.child <out.mp4>');
const scene = new SimCameraScene(320, 240);
const writer = FfmpegMp4Writer.open({ path, width: 320, height: 240, fps: 30, gop: 10 });
for (let i = 0; ; i++) {
  const t = i / 30;
  await writer.writeFrame(
    scene.render({
      pan: 0,
      lift: Math.sin(t),
      elbow: 1,
      wrist: 0,
      gripper: 0.5,
      objectX: 0.2,
      objectHeld: false,
    }),
  );
  // Paced near real time so the kill lands mid-recording, as it would in the field.
  if (i % 30 === 29) {
    process.stdout.write(`FRAMES ${i + 1} ${process.pid}\n`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
