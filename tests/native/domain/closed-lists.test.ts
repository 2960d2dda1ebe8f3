/**
 * Every closed list is written once, in native/domain/. This scans the sources for a second
 * literal copy of the fault list or the telemetry channel list: a copy goes stale the day the list
 * grows, and nothing else would notice.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAULT_CLASSES, TELEMETRY_CHANNELS } from '../../../native/domain';
import { findListCopies, type ListCopy } from './closed-list-copies';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const LISTS = { FAULT_CLASSES, TELEMETRY_CHANNELS } as const;

/** Deliberate subsets, each a choice rather than a copy. */
const ALLOWED: readonly { file: string; names: readonly string[]; why: string }[] = [
  {
    file: 'native/demo-history/demo-history.ts',
    names: ['overheating', 'overload', 'collision', 'voltage_sag'],
    why: 'the faults a seeded demo history shows on its arms',
  },
];

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', 'native', 'db', 'electron', 'bin', 'renderer'], {
    cwd: root,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((file) => /\.(ts|tsx|mts|mjs)$/.test(file) && !file.startsWith('native/domain/'));
}

function copiesIn(file: string, text: string): (ListCopy & { list: string })[] {
  return Object.entries(LISTS).flatMap(([list, members]) =>
    findListCopies(file, text, members).map((copy) => ({ ...copy, list })),
  );
}

describe('closed lists', () => {
  it('has no second literal copy of the fault or channel list outside native/domain/', () => {
    const found = sourceFiles()
      .flatMap((file) => copiesIn(file, readFileSync(`${root}${file}`, 'utf8')))
      .filter(
        (copy) =>
          !ALLOWED.some(
            (a) =>
              a.file === copy.file && [...a.names].sort().join() === [...copy.names].sort().join(),
          ),
      )
      .map((copy) => `${copy.file}:${copy.line} ${copy.list}: ${copy.names.join(', ')}`);
    expect(found).toEqual([]);
  });

  it('finds a planted copy: an array, a type union, a CSV header and a JSON template', () => {
    const planted = [
      "const FAULTS = ['overheating', 'overload', 'wear'] as const;",
      "type Fault = 'collision' | 'encoder_fault' | 'voltage_sag' | 'unplug';",
      "const HEADER = 't_ms,robot,joint,position_rad,velocity_rad_s,current_a';",
      'const row = (v: number) => `{"voltage_v":${v},"temperature_c":${v},"hw_error":0}`;',
    ].join('\n');
    const copies = copiesIn('native/planted.ts', planted);
    expect(copies.map((c) => [c.line, c.list, c.names.length])).toEqual([
      [1, 'FAULT_CLASSES', 3],
      [2, 'FAULT_CLASSES', 3],
      [3, 'TELEMETRY_CHANNELS', 3],
      [4, 'TELEMETRY_CHANNELS', 3],
    ]);
  });

  it('leaves alone what is not a copy: maps keyed by the list, two names, i18n keys', () => {
    const fine = [
      "const LABELS: Record<FaultClass, string> = { overheating: 'a', overload: 'b', wear: 'c' };",
      "const PAIR = ['overheating', 'overload'];",
      "const KEYS = { 'diag.fault.wear': 1, 'diag.fault.overload': 2, 'diag.fault.collision': 3 };",
    ].join('\n');
    expect(copiesIn('native/fine.ts', fine)).toEqual([]);
  });
});
