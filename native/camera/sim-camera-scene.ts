/**
 * The demo facility's simulated camera: a side view of a small arm on a table with one object,
 * drawn from the arm's joint angles with @napi-rs/canvas (Skia, shipped in its npm package).
 * Deterministic — the same pose gives the same pixels — and text-free, so no font enters the image.
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';

export interface ArmPose {
  /** Radians: base pan, shoulder lift, elbow flex, wrist flex (the planar chain seen from the side). */
  pan: number;
  lift: number;
  elbow: number;
  wrist: number;
  /** 0 closed … 1 open. */
  gripper: number;
  /** Where the object is, in metres from the base along the table, and whether it is held. */
  objectX: number;
  objectHeld: boolean;
}

/** Link lengths in metres, close to an SO-101's upper arm, forearm and wrist-to-fingertip. */
const LINKS = [0.116, 0.135, 0.1] as const;

export class SimCameraScene {
  private readonly canvas: Canvas;
  private readonly ctx: SKRSContext2D;
  private readonly scale: number;

  constructor(
    readonly width = 640,
    readonly height = 480,
  ) {
    this.canvas = createCanvas(width, height);
    this.ctx = this.canvas.getContext('2d');
    this.scale = width / 0.8;
  }

  /** Renders one frame; the returned RGBA bytes are valid until the next call. */
  render(pose: ArmPose): Uint8ClampedArray {
    const { ctx, width, height, scale } = this;
    const tableY = height * 0.78;
    const baseX = width * 0.35;
    ctx.fillStyle = '#dfe3e8';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#8a6f4e';
    ctx.fillRect(width * 0.05, tableY, width * 0.9, height * 0.05);

    // Pan turns the arm out of the image plane: horizontal extents shrink by cos(pan).
    const foreshorten = Math.cos(pose.pan);
    let x = baseX;
    let y = tableY - 0.05 * scale;
    let angle = -Math.PI / 2;
    ctx.fillStyle = '#34495e';
    ctx.fillRect(baseX - 0.03 * scale, y, 0.06 * scale, 0.05 * scale);
    const widths = [22, 18, 12];
    [pose.lift, pose.elbow, pose.wrist].forEach((joint, i) => {
      angle += joint;
      const length = LINKS[i]! * scale;
      const nx = x + length * Math.cos(angle) * foreshorten;
      const ny = y + length * Math.sin(angle);
      ctx.strokeStyle = '#2c3e50';
      ctx.lineCap = 'round';
      ctx.lineWidth = widths[i]!;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(nx, ny);
      ctx.stroke();
      ctx.fillStyle = '#f39c12';
      ctx.beginPath();
      ctx.arc(x, y, widths[i]! * 0.7, 0, Math.PI * 2);
      ctx.fill();
      x = nx;
      y = ny;
    });

    // Two fingers across the tool axis, apart by the gripper opening.
    const open = 4 + 16 * Math.min(1, Math.max(0, pose.gripper));
    const across = angle + Math.PI / 2;
    ctx.fillStyle = '#16a085';
    for (const side of [-1, 1]) {
      const fx = x + Math.cos(across) * open * side;
      const fy = y + Math.sin(across) * open * side;
      ctx.beginPath();
      ctx.arc(fx, fy, 6, 0, Math.PI * 2);
      ctx.fill();
    }

    const size = 0.04 * scale;
    const objectX = pose.objectHeld ? x - size / 2 : baseX + pose.objectX * scale - size / 2;
    const objectY = pose.objectHeld ? y - size / 2 : tableY - size;
    ctx.fillStyle = '#c0392b';
    ctx.fillRect(objectX, objectY, size, size);
    return ctx.getImageData(0, 0, width, height).data;
  }
}
