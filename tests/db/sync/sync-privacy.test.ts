/**
 * Privacy: with `genba demo` history (which seeds a facility name, operator names, robot names,
 * USB serial numbers and notes, and lists them with --json), every identifying value is absent
 * from every byte uploaded (decompressed), in every category — and every uploaded line is an
 * item of the published data dictionary.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DONATION_CATEGORIES } from '../../../db/sync/categories';
import { assertInDictionary, DATA_DICTIONARY, kindSpec } from '../../../db/sync/data-dictionary';
import { openDatabase } from '../../../db/open-database';
import { enqueueForDonation } from '../../../db/sync/outbox';
import {
  startReferenceIngestServer,
  type ReferenceIngestServer,
} from '../../helpers/reference-ingest-server';
import { useTempDir } from '../../helpers/temp-dir';

const run = promisify(execFile);
const GENBA = fileURLToPath(new URL('../../../bin/genba', import.meta.url));
const tempDir = useTempDir('genba-sync-privacy-');
let server: ReferenceIngestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

type Seeded = {
  facilityName: string;
  operatorNames: string[];
  robotNames: string[];
  usbSerialNumbers: string[];
  notes: string[];
};

/** The value itself and its telling parts (each word of a name, each half of a note). */
function needles(seeded: Seeded, robotIds: string[], identities: string[]): string[] {
  const values = [
    seeded.facilityName,
    ...seeded.operatorNames,
    ...seeded.robotNames,
    ...seeded.usbSerialNumbers,
    ...seeded.notes,
    ...robotIds,
    ...identities,
  ];
  const parts = values.flatMap((value) => [
    value,
    ...value.split(/[\s()（）、。,.;:]+/u).filter((word) => [...word].length >= 4),
    value.slice(0, 12),
  ]);
  // Words that are themselves published vocabulary (a robot named "Gripper …" is still a gripper)
  // are not identifying.
  const vocabulary = new Set(
    DATA_DICTIONARY.flatMap((spec) => [
      spec.kind,
      ...spec.fields.flatMap((f) => [f.name, ...('values' in f ? f.values : [])]),
    ]),
  );
  return [
    ...new Set(parts.filter((p) => p.trim().length >= 3 && !vocabulary.has(p.toLowerCase()))),
  ];
}

describe('sync privacy', () => {
  it(
    'uploads none of the values genba demo seeded, in any category',
    { timeout: 240_000 },
    async () => {
      const dbPath = join(tempDir(), 'demo.sqlite');
      const demo = await run(
        process.execPath,
        // Faults at a busy rate, so every category has enough records to pass k-anonymity.
        [GENBA, 'demo', '--db', dbPath, '--minutes', '65', '--faults-per-hour', '6', '--json'],
        {
          maxBuffer: 1 << 20,
        },
      );
      const seeded = JSON.parse(demo.stdout) as Seeded;
      expect(seeded.usbSerialNumbers.length).toBeGreaterThan(0);

      await run(process.execPath, [GENBA, 'consent', '--db', dbPath, '--enable', 'all']);

      // Demonstrations come from teaching; add a few the way the teach flow will, with identifying
      // values stuffed into the local record to prove they are dropped.
      const opened = openDatabase(dbPath);
      const robots = opened.db.prepare('SELECT id, identity FROM robots').all() as Array<{
        id: string;
        identity: string;
      }>;
      const arm = robots.find((r) => r.id.includes('arm')) ?? robots[0]!;
      opened.db.transaction(() => {
        for (let i = 0; i < 5; i++) {
          const start = Date.now() - 3_600_000;
          enqueueForDonation(opened.db, 'demonstrations', {
            robotId: arm.id,
            model: 'openmanipulator-x',
            startMs: start,
            samples: Array.from({ length: 40 }, (_, k) => ({
              tMs: start + k * 50,
              joints: {
                joint1: k * 0.01,
                joint2: -0.5,
                gripper: 0.8,
                [seeded.operatorNames[0]!]: 1,
              },
            })),
            ...({
              name: seeded.robotNames[0],
              note: seeded.notes[0],
              operator: seeded.operatorNames[1],
            } as object),
          });
        }
      })();
      opened.db.close();

      server = await startReferenceIngestServer();
      const sync = await run(process.execPath, [
        GENBA,
        'sync',
        '--db',
        dbPath,
        '--endpoint',
        server.url,
        '--token',
        'test-facility-token',
        '--once',
        '--json',
      ]);
      const summary = JSON.parse(sync.stdout) as {
        stop: string;
        records: number;
        queued: Array<{ category: string; withheld: number; held: number }>;
      };
      expect(summary.stop).toBe('drained');

      const bodies = [...server.batches.values()].map((b) => b.body.toString('utf8'));
      const everything = bodies.join('\n');
      expect(everything.length).toBeGreaterThan(0);
      for (const needle of needles(
        seeded,
        robots.map((r) => r.id),
        robots.map((r) => r.identity),
      )) {
        expect(everything.includes(needle), `uploaded bytes contain "${needle}"`).toBe(false);
      }
      expect(everything).not.toContain('test-facility-token');

      const perCategory = new Map<string, number>();
      for (const line of server.lines()) {
        const record = JSON.parse(line) as Record<string, unknown>;
        const spec = assertInDictionary(record);
        expect(kindSpec(spec.kind)).toBeDefined();
        perCategory.set(spec.category, (perCategory.get(spec.category) ?? 0) + 1);
        // Coarse time only.
        for (const value of Object.values(record)) {
          if (typeof value === 'string') expect(value).not.toMatch(/T\d{2}:\d{2}/);
        }
      }
      for (const category of DONATION_CATEGORIES) {
        expect(perCategory.get(category) ?? 0, `records uploaded for ${category}`).toBeGreaterThan(
          0,
        );
      }
      // Rare combinations (the single gripper's hourly rollups) were withheld, and counted.
      const withheld = summary.queued.reduce((sum, q) => sum + q.withheld + q.held, 0);
      expect(withheld).toBeGreaterThan(0);
    },
  );
});
