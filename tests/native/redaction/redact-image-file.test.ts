/**
 * Redaction of real photographs from Debian packages, judged by a detector other than ours:
 * OpenCV's Haar cascades must find the faces before and none after, and the rest of the picture
 * must be kept (PSNR over the pixels outside the covered regions).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HumanDetector } from '../../../native/redaction/human-detector';
import { RedactionInputError, redactImageFile } from '../../../native/redaction/redact-image-file';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('genba-redact-');

/** Real photographs of people shipped by Debian packages (installed by bin/install-test-deps). */
const PHOTOS = [
  // python3-skimage: astronaut Eileen Collins (NASA), 512×512 PNG.
  '/usr/lib/python3/dist-packages/skimage/data/astronaut.png',
  // python-matplotlib-data: Grace Hopper, 512×600 JPEG.
  '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg',
  // facedetect: the same portrait at 512×512.
  '/usr/share/doc/facedetect/examples/grace_hopper_512x512.jpg',
];

interface HaarReport {
  before: number[][];
  after: number[][];
  psnrOutside: number;
}

let detector: HumanDetector;
beforeAll(async () => {
  detector = await HumanDetector.load();
});

describe('redaction of real photographs', () => {
  it.each(PHOTOS)('covers every face in %s and keeps the rest', async (photo) => {
    expect(existsSync(photo), `${photo} is missing: run bin/install-test-deps`).toBe(true);
    const out = join(tempDir(), `redacted${photo.slice(photo.lastIndexOf('.'))}`);
    const summary = await redactImageFile(photo, out, detector);
    expect(summary.faces).toBeGreaterThanOrEqual(1);

    const report = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          join(import.meta.dirname, '../../helpers/haar-faces.py'),
          photo,
          out,
          JSON.stringify(summary.regions),
        ],
        { encoding: 'utf8' },
      ),
    ) as HaarReport;
    // The independent detector sees a face in the original (else the check would prove nothing)…
    expect(report.before.length).toBeGreaterThanOrEqual(1);
    // …and none in the redacted picture.
    expect(report.after).toEqual([]);
    // Outside the covered regions: lossless for PNG, one JPEG re-encode for JPEG.
    expect(report.psnrOutside).toBeGreaterThan(photo.endsWith('.png') ? 60 : 35);
  });

  it('refuses a file that is not an image and writes nothing', async () => {
    const dir = tempDir();
    const bogus = join(dir, 'not-an-image.png');
    writeFileSync(bogus, 'hello');
    const out = join(dir, 'out.png');
    await expect(redactImageFile(bogus, out, detector)).rejects.toBeInstanceOf(RedactionInputError);
    expect(existsSync(out)).toBe(false);
  });
});
