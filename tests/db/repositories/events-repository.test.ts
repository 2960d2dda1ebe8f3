import { beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open-database';
import { EventsRepository } from '../../../db/repositories/events-repository';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

describe('event search', () => {
  let events: EventsRepository;

  beforeEach(() => {
    const { db } = openDatabase(join(tempDir(), 'events.sqlite'));
    events = new EventsRepository(db);
    const base = Date.UTC(2026, 10, 23, 9);
    const texts = [
      ['関節2が過熱しています。運転を止めて冷ましてください。', 'warning'],
      ['グリッパーが物体を検出しました', 'info'],
      ['Joint 3 overload: the arm is carrying too much weight', 'error'],
      ['Robot reconnected after the USB cable was replugged', 'info'],
      ['100% done: 50_percent marker', 'info'],
    ] as const;
    texts.forEach(([text, severity], i) =>
      events.append({
        tMs: base + i * 1000,
        kind: 'alert',
        severity,
        robotId: i % 2 ? 'arm-1' : 'arm-2',
        text,
      }),
    );
  });

  it('finds Japanese words inside unspaced sentences (trigram)', () => {
    expect(events.query({ text: '過熱して' }).map((e) => e.text)).toEqual([
      '関節2が過熱しています。運転を止めて冷ましてください。',
    ]);
  });

  it('finds two-character Japanese queries through the short-query fallback', () => {
    expect(events.query({ text: '過熱' })).toHaveLength(1);
    expect(events.query({ text: '物体' })).toHaveLength(1);
    expect(events.query({ text: '冷却' })).toHaveLength(0);
  });

  it('finds English words case-insensitively', () => {
    expect(events.query({ text: 'OVERLOAD' }).map((e) => e.severity)).toEqual(['error']);
    expect(events.query({ text: 'usb cable' })).toHaveLength(1);
  });

  it('takes FTS syntax and LIKE wildcards literally', () => {
    expect(events.query({ text: 'overload AND nothing' })).toHaveLength(0);
    expect(events.query({ text: '"' })).toHaveLength(0);
    expect(events.query({ text: '%' })).toHaveLength(1);
    expect(events.query({ text: '_p' })).toHaveLength(1);
  });

  it('combines text with robot, severity and time filters, newest first', () => {
    const all = events.query({});
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    expect(events.query({ robotId: 'arm-1' })).toHaveLength(2);
    expect(events.query({ severities: ['error', 'warning'] })).toHaveLength(2);
    const second = all.at(-2)!;
    expect(events.query({ fromMs: second.tMs, toMs: second.tMs + 1 })).toEqual([second]);
  });
});
