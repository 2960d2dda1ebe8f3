import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { DbClient } from '../../../../db/db-client';
import { TELEMETRY_CSV_HEADER } from '../../../../db/export/export-log';
import { useTempDir } from '../../../helpers/temp-dir';

const run = promisify(execFile);
const GENBA = new URL('../../../../bin/genba', import.meta.url).pathname;
const tempDir = useTempDir();

describe('genba demo and genba export', () => {
  it('logs a demo facility, lists exactly the identifying values it seeded, and exports it read-only', async () => {
    const dir = tempDir();
    const db = join(dir, 'demo.sqlite');
    const { stdout } = await run(GENBA, ['demo', '--db', db, '--minutes', '3', '--json']);
    const seeded = JSON.parse(stdout) as {
      facilityName: string;
      operatorNames: string[];
      robotNames: string[];
      usbSerialNumbers: string[];
      notes: string[];
    };
    expect(Object.keys(seeded).sort()).toEqual(
      ['facilityName', 'notes', 'operatorNames', 'robotNames', 'usbSerialNumbers'].sort(),
    );
    expect(seeded.operatorNames.length).toBeGreaterThan(0);
    expect(seeded.notes.some((n) => /[぀-ヿ]/.test(n))).toBe(true);
    expect(seeded.notes.some((n) => /^[ -~]+$/.test(n))).toBe(true);

    // Every listed value is really in the database.
    const sqlite = new Database(db, { readonly: true });
    const dump = [
      ...(sqlite.prepare('SELECT value FROM settings').all() as { value: string }[]).map(
        (r) => JSON.parse(r.value) as unknown,
      ),
      ...(sqlite.prepare('SELECT * FROM robots').all() as Record<string, unknown>[]),
      ...(sqlite.prepare('SELECT user, text FROM events').all() as Record<string, unknown>[]),
    ]
      .map((v) => JSON.stringify(v))
      .join('\n');
    for (const value of [
      seeded.facilityName,
      ...seeded.operatorNames,
      ...seeded.robotNames,
      ...seeded.usbSerialNumbers,
      ...seeded.notes,
    ]) {
      expect(dump, value).toContain(JSON.stringify(value).slice(1, -1));
    }
    const robots = sqlite.prepare('SELECT name FROM robots ORDER BY name').all() as {
      name: string;
    }[];
    expect(robots.map((r) => r.name).sort()).toEqual([...seeded.robotNames].sort());
    const users = sqlite
      .prepare("SELECT DISTINCT user FROM events WHERE kind = 'operator'")
      .all() as {
      user: string;
    }[];
    for (const user of users) expect(seeded.operatorNames).toContain(user.user);
    const kinds = sqlite.prepare('SELECT DISTINCT kind FROM events').all() as { kind: string }[];
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['state', 'connection', 'task', 'operator']),
    );
    sqlite.close();

    // Export (read-only: the database file stays byte-for-byte the same).
    const before = readFileSync(db);
    const filesBefore = readdirSync(dir).sort();
    const csv = join(dir, 'telemetry.csv');
    await run(GENBA, ['export', '--db', db, '--format', 'csv', '--out', csv]);
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([...filesBefore, 'telemetry.csv'].sort());
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(TELEMETRY_CSV_HEADER);
    // 3 minutes at 50 Hz: 2 arms × 5 joints + the gripper's fingers, minus any unplugged time.
    expect(lines.length - 1).toBeGreaterThan(3 * 60 * 50 * 5);
    const client = await DbClient.open({ path: db, readOnly: true });
    const storage = await client.call('telemetryStorage');
    await client.close();
    expect(lines.length - 1).toBe(storage.samples);

    const json = join(dir, 'events.json');
    const { stdout: summary } = await run(GENBA, [
      'export',
      '--db',
      db,
      '--format',
      'json',
      '--out',
      json,
      '--json',
    ]);
    expect(JSON.parse(summary)).toMatchObject({ kind: 'events', format: 'json' });
    const exported = JSON.parse(readFileSync(json, 'utf8')) as { text: string }[];
    expect(exported.map((e) => e.text)).toEqual(expect.arrayContaining(seeded.notes));

    const stderrOf = (args: string[]) =>
      run(GENBA, args).then(
        () => '',
        (error: { stderr: string }) => error.stderr,
      );
    expect(await stderrOf(['export', '--db', db, '--format', 'xml', '--out', json])).toMatch(
      /^genba: --format must be csv or json/,
    );
    expect(await stderrOf(['demo', '--db', db, '--minutes', 'lots'])).toMatch(
      /^genba: --minutes must be a number/,
    );
    expect(await stderrOf(['demo', '--db', db, '--faults-per-hour', '99'])).toMatch(
      /^genba: --faults-per-hour must be a number from 0 to 60/,
    );
  });
});
