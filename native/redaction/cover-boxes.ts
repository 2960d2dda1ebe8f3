/**
 * Covers regions of a frame so that what was in them cannot be recognised: a coarse mosaic
 * followed by a strong blur (the mosaic removes detail a blur alone lets through on large faces),
 * or a solid mask. Boxes are grown by a margin first, since detectors box the face tightly.
 */
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Box } from './human-detector';

export type CoverMode = 'blur' | 'mask';

export interface CoverOptions {
  mode?: CoverMode;
  /** Fraction of the box's size added on every side. */
  margin?: number;
}

export type Region = Omit<Box, 'score'>;

/** The box grown by `margin` and clipped to the frame, in whole pixels. */
export function grow(box: Region, margin: number, width: number, height: number): Region {
  const dx = box.width * margin;
  const dy = box.height * margin;
  const x0 = Math.max(0, Math.floor(box.x - dx));
  const y0 = Math.max(0, Math.floor(box.y - dy));
  const x1 = Math.min(width, Math.ceil(box.x + box.width + dx));
  const y1 = Math.min(height, Math.ceil(box.y + box.height + dy));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** Covers every box on `canvas` in place; returns the regions actually covered. */
export function coverBoxes(canvas: Canvas, boxes: Region[], options: CoverOptions = {}): Region[] {
  const mode = options.mode ?? 'blur';
  const margin = options.margin ?? 0.3;
  const ctx = canvas.getContext('2d');
  const regions = boxes
    .map((b) => grow(b, margin, canvas.width, canvas.height))
    .filter((r) => r.width > 0 && r.height > 0);
  for (const r of regions) {
    if (mode === 'mask') {
      ctx.fillStyle = '#202020';
      ctx.fillRect(r.x, r.y, r.width, r.height);
      continue;
    }
    // Mosaic: about 6 cells across the region, each the region's average colour there; then the
    // cell edges are blurred away (left sharp, the cells' light/dark steps are exactly what a
    // Haar-style detector keys on: one read a face into a mosaic).
    const cells = 6;
    const small = createCanvas(cells, Math.max(1, Math.round((cells * r.height) / r.width)));
    const sctx = small.getContext('2d');
    sctx.imageSmoothingEnabled = true;
    sctx.drawImage(canvas, r.x, r.y, r.width, r.height, 0, 0, small.width, small.height);
    const patch = createCanvas(r.width, r.height);
    const pctx = patch.getContext('2d');
    pctx.imageSmoothingEnabled = false;
    pctx.drawImage(small, 0, 0, small.width, small.height, 0, 0, r.width, r.height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(r.x, r.y, r.width, r.height);
    ctx.clip();
    const radius = Math.max(4, Math.round(Math.min(r.width, r.height) / cells));
    ctx.filter = `blur(${radius}px)`;
    // Drawn larger than the clip, so the blur's soft edge (where the original would show through)
    // falls outside the region.
    const pad = radius * 3;
    ctx.drawImage(patch, r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad);
    ctx.restore();
  }
  return regions;
}
