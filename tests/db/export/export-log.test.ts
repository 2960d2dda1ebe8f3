import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DbClient } from '../../../db/db-client';
import {
  EVENTS_CSV_HEADER,
  EVENTS_SPREADSHEET_HEADER,
  TELEMETRY_CSV_HEADER,
} from '../../../db/export/export-log';
import { openDatabase } from '../../../db/open-database';
import { createDbMethods } from '../../../db/db-methods';
import { CHANNEL_STEPS } from '../../../db/telemetry/channels';
import type { TelemetrySample } from '../../../electron/shared/contract';
import { EVENT_WORDS, messageEvent } from '../../../native/domain';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();
const T0 = Date.UTC(2026, 4, 1, 6);

function samples(joint: string, n: number, offset: number): TelemetrySample[] {
  return Array.from({ length: n }, (_, i) => ({
    tMs: T0 + i * 20,
    joint,
    positionRad: (i + offset) * CHANNEL_STEPS[0]!,
    velocityRadS: (i % 9) * CHANNEL_STEPS[1]!,
    currentA: ((i * 13) % 200) * CHANNEL_STEPS[2]!,
    voltageV: 11.7,
    temperatureC: 41,
    hwError: i === n - 1 ? 36 : 0,
  }));
}

function seed(path: string) {
  const opened = openDatabase(path);
  const methods = createDbMethods(opened, path);
  methods.appendTelemetry({
    robotId: 'arm-1',
    samples: [...samples('joint1', 3500, 0), ...samples('joint2', 3500, 100)],
  });
  methods.appendTelemetry({ robotId: 'arm-0', samples: samples('gripper', 3500, 7) });
  methods.appendEvents([
    {
      tMs: T0 + 1000,
      robotId: 'arm-1',
      kind: 'alert',
      severity: 'warning',
      text: 'Joint 2 hot, "check fan", 過熱',
    },
    {
      tMs: T0 + 2000,
      robotId: null,
      kind: 'operator',
      severity: 'info',
      user: 'Sato',
      text: 'line1\nline2',
    },
  ]);
  methods.flushTelemetry();
  return { opened, methods };
}

describe('export', () => {
  it('writes the telemetry CSV contract: header, one row per joint per sample, in time order, values exact', () => {
    const dir = tempDir();
    const { opened, methods } = seed(join(dir, 'log.sqlite'));
    const out = join(dir, 'telemetry.csv');
    const result = methods.exportLog({
      kind: 'telemetry',
      format: 'csv',
      path: out,
      fromMs: T0 + 10_000,
      toMs: T0 + 20_000,
    });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(
      't_ms,robot,joint,position_rad,velocity_rad_s,current_a,voltage_v,temperature_c,hw_error',
    );
    expect(lines[0]).toBe(TELEMETRY_CSV_HEADER);
    expect(result.rows).toBe(3 * 500);
    expect(lines).toHaveLength(1 + 3 * 500);
    // Sorted by time, then robot, then joint.
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      `${T0 + 10_000},arm-0,gripper`,
      `${T0 + 10_000},arm-1,joint1`,
      `${T0 + 10_000},arm-1,joint2`,
    ]);
    const raw = methods.telemetryRaw({
      robotId: 'arm-1',
      joint: 'joint2',
      fromMs: T0 + 10_000,
      toMs: T0 + 20_000,
    })[0]!;
    const joint2 = lines
      .slice(1)
      .map((l) => l.split(','))
      .filter((f) => f[2] === 'joint2');
    expect(joint2.map((f) => Number(f[0]))).toEqual(raw.tMs);
    expect(joint2.map((f) => Number(f[3]))).toEqual(raw.positionRad);
    expect(joint2.map((f) => Number(f[5]))).toEqual(raw.currentA);
    expect(joint2.every((f) => f[6] === '11.7' && f[7] === '41' && /^\d+$/.test(f[8]!))).toBe(true);
    // No partial file is left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    opened.db.close();
  });

  it('writes events as CSV (quoted where needed) and JSON', () => {
    const dir = tempDir();
    const { opened, methods } = seed(join(dir, 'log.sqlite'));
    methods.exportLog({ kind: 'events', format: 'csv', path: join(dir, 'e.csv') });
    const csv = readFileSync(join(dir, 'e.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(EVENTS_CSV_HEADER);
    expect(csv).toContain(',arm-1,alert,warning,,"Joint 2 hot, ""check fan"", 過熱"\n');
    expect(csv).toContain(',,operator,info,Sato,"line1\nline2"\n');
    methods.exportLog({ kind: 'events', format: 'json', path: join(dir, 'e.json') });
    const json = JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8')) as {
      text: string;
      user: string | null;
    }[];
    expect(json.map((e) => e.text)).toEqual(['Joint 2 hot, "check fan", 過熱', 'line1\nline2']);
    methods.exportLog({
      kind: 'telemetry',
      format: 'json',
      path: join(dir, 't.json'),
      toMs: T0 + 100,
    });
    const rows = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')) as Record<string, unknown>[];
    expect(rows).toHaveLength(15);
    expect(Object.keys(rows[0]!)).toEqual(TELEMETRY_CSV_HEADER.split(','));
    opened.db.close();
  });

  it('writes the events a search selects, for a spreadsheet in the language asked for', () => {
    const dir = tempDir();
    const { opened, methods } = seed(join(dir, 'log.sqlite'));
    methods.appendEvents([
      {
        tMs: T0 + 3000,
        robotId: 'arm-1',
        kind: 'task',
        severity: 'warning',
        ...messageEvent('task.ended', { outcome: EVENT_WORDS.taskOutcome.aborted, task: 'pick' }),
      },
    ]);
    const sheet = (filter: object, language: 'ja' | 'en') => {
      const path = join(dir, `sheet-${language}.csv`);
      const result = methods.exportLog({
        kind: 'events',
        format: 'csv',
        path,
        filter,
        spreadsheet: { language, utcOffsetMinutes: 540 },
      });
      return { result, bytes: readFileSync(path) };
    };

    // A Japanese word finds the task line (its Japanese rendering), written in Japanese.
    const ja = sheet({ text: '中止' }, 'ja');
    expect([...ja.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = ja.bytes.subarray(3).toString('utf8').trimEnd().split('\n');
    expect(header).toBe(EVENTS_SPREADSHEET_HEADER);
    expect(ja.result.rows).toBe(1);
    // 06:00:03 UTC is 15:00:03 in Japan.
    expect(lines).toEqual([
      expect.stringMatching(
        /^\d+,\d+,2026-05-01T06:00:03\.000Z,2026-05-01 15:00:03,arm-1,task,warning,,タスク中止：pick$/,
      ),
    ]);

    // Kinds and robot filter as the table does; the English sheet keeps the stored text.
    const en = sheet({ kinds: ['alert', 'task'], robotId: 'arm-1' }, 'en');
    const texts = en.bytes.toString('utf8').trimEnd().split('\n').slice(1);
    expect(texts.map((line) => line.split(',')[5])).toEqual(['alert', 'task']);
    expect(texts[1]).toMatch(/,Task aborted: pick$/);

    // The machine CSV and JSON ignore the spreadsheet form: no mark, no extra column.
    methods.exportLog({
      kind: 'events',
      format: 'csv',
      path: join(dir, 'plain.csv'),
      filter: { kinds: ['task'] },
    });
    const plain = readFileSync(join(dir, 'plain.csv'), 'utf8');
    expect(plain.split('\n')[0]).toBe(EVENTS_CSV_HEADER);
    expect(plain.trimEnd().split('\n')).toHaveLength(2);
    opened.db.close();
  });
});

describe('opening another site’s log read-only', () => {
  it('reads everything, including data still in the -wal, and leaves the files byte-for-byte unchanged', async () => {
    const dir = tempDir();
    const path = join(dir, 'other-site.sqlite');
    const { opened } = seed(path);
    opened.db.pragma('wal_autocheckpoint = 0');
    opened.db
      .prepare(
        "INSERT INTO events (t_ms, kind, severity, text) VALUES (?, 'system', 'info', 'only in the WAL')",
      )
      .run(T0 + 5000);
    // Simulate a copy taken while the other app was running: the WAL holds committed data.
    const copyDir = tempDir();
    for (const name of readdirSync(dir)) {
      if (name.endsWith('-shm')) continue;
      // Byte copy, as a user copying the files from a USB stick would.
      writeFileSync(join(copyDir, name), readFileSync(join(dir, name)));
    }
    opened.db.close();
    const target = join(copyDir, 'other-site.sqlite');
    const before = new Map(
      readdirSync(copyDir).map((name) => [name, readFileSync(join(copyDir, name))]),
    );
    expect([...before.keys()].sort()).toEqual(['other-site.sqlite', 'other-site.sqlite-wal']);

    const client = await DbClient.open({ path: target, readOnly: true });
    expect(client.info.readOnly).toBe(true);
    const found = await client.call('queryEvents', { text: 'only in the WAL' });
    expect(found).toHaveLength(1);
    expect((await client.call('logBounds')).series).toHaveLength(3);
    const series = await client.call('telemetrySeries', {
      robotId: 'arm-1',
      joint: 'joint1',
      channel: 'position_rad',
      fromMs: T0,
      toMs: T0 + 70_000,
      points: 500,
    });
    expect(series.source).toBe('full-rate');
    await expect(
      client.call('appendEvent', { tMs: 1, kind: 'system', severity: 'info', text: 'x' }),
    ).rejects.toThrow();
    await expect(
      client.call('appendTelemetry', { robotId: 'arm-1', samples: samples('joint1', 1, 0) }),
    ).rejects.toMatchObject({ code: 'read-only' });
    await client.close();

    const after = readdirSync(copyDir).sort();
    expect(after).toEqual([...before.keys()].sort());
    for (const [name, bytes] of before)
      expect(readFileSync(join(copyDir, name)).equals(bytes), name).toBe(true);
    // A plain SQLite open still sees it as it was.
    const check = new Database(target, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });
});
