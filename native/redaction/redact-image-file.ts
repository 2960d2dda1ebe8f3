/**
 * `genba redact` for still images: PNG or JPEG in, the same format and size out, faces (and on
 * request persons) covered. A file that cannot be read is an error and no output is written.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { coverBoxes, type CoverOptions, type Region } from './cover-boxes';
import type { HumanDetector } from './human-detector';

export interface RedactionSummary {
  frames: number;
  faces: number;
  persons: number;
  /** The covered regions, for review thumbnails and for tests. */
  regions: Region[];
}

export class RedactionInputError extends Error {
  override name = 'RedactionInputError';
}

const FORMATS: Record<string, 'png' | 'jpeg'> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg' };

export async function redactImageFile(
  input: string,
  output: string,
  detector: HumanDetector,
  options: CoverOptions & { persons?: boolean } = {},
): Promise<RedactionSummary> {
  const format = FORMATS[extname(input).toLowerCase()];
  if (!format) throw new RedactionInputError(`${input}: not a PNG or JPEG image (by its name)`);
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(await readFile(input));
  } catch (error) {
    throw new RedactionInputError(
      `${input}: cannot be read as an image (${(error as Error).message})`,
    );
  }
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
  const found = await detector.detect(pixels, image.width, image.height);
  const targets = [...found.faces, ...(options.persons ? found.persons : [])];
  const regions = coverBoxes(canvas, targets, options);
  const bytes = format === 'png' ? await canvas.encode('png') : await canvas.encode('jpeg', 92);
  await writeFile(output, bytes);
  return { frames: 1, faces: found.faces.length, persons: found.persons.length, regions };
}
