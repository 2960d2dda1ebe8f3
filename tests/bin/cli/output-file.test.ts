import {
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../../bin/cli/output-file';
import { fingerprint, genbaLog } from '../../helpers/damaged-databases';
import { runGenba } from '../../helpers/genba-process';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

describe('genba export --out', () => {
  it('never writes over the database it reads, however the path reaches it', async () => {
    const dir = tempDir();
    const db = genbaLog(dir);
    symlinkSync(db, join(dir, 'link.sqlite'));
    linkSync(db, join(dir, 'hard.sqlite'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(dir, join(dir, 'sub', 'up'));
    const before = fingerprint(db);
    const cases: [string, string, RegExp][] = [
      [db, db, /would overwrite .*genba\.sqlite, which this command reads/],
      [db, `${db}-wal`, /would overwrite .*genba\.sqlite-wal/],
      [db, `${db}-shm`, /would overwrite .*genba\.sqlite-shm/],
      [db, join(dir, 'link.sqlite'), /link\.sqlite would overwrite .*genba\.sqlite/],
      [db, join(dir, 'hard.sqlite'), /hard\.sqlite would overwrite .*genba\.sqlite/],
      [db, join(dir, 'sub', 'up', 'genba.sqlite'), /would overwrite/],
      [join(dir, 'link.sqlite'), db, /would overwrite .*link\.sqlite/],
      [db, dir, /is a folder; give the name of a file to write\.$/],
      [db, join(dir, 'missing', 'out.json'), /the folder .*missing does not exist\.$/],
    ];
    for (const [i, [input, out, message]] of cases.entries()) {
      for (const format of i === 0 ? ['json', 'csv'] : ['json']) {
        const result = await runGenba(
          ['export', '--db', input, '--format', format, '--out', out],
          60_000,
        );
        expect({ out, code: result.code }).toEqual({ out, code: 2 });
        expect(result.stderr.trim().split('\n'), out).toHaveLength(1);
        expect(result.stderr.trim(), out).toMatch(message);
        expect(fingerprint(db), out).toEqual(before);
      }
    }
    expect(readdirSync(dir).sort()).toEqual(['genba.sqlite', 'hard.sqlite', 'link.sqlite', 'sub']);
  }, 300_000);

  it('replaces an existing output only when the new one is complete, leaving no temporary file', async () => {
    const dir = tempDir();
    const db = genbaLog(dir);
    const out = join(dir, 'events.csv');
    writeFileSync(out, 'the previous export\n');
    const result = await runGenba([
      'export',
      '--db',
      db,
      '--format',
      'csv',
      '--kind',
      'events',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ path: out, rows: 3000 });
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
      'id,t_ms,time,robot,kind,severity,user,text',
    );
    expect(readdirSync(dir).sort()).toEqual(['events.csv', 'genba.sqlite']);
  }, 120_000);
});

describe('writeAtomically', () => {
  it('keeps the old file and removes the temporary one when writing fails', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old');
    await expect(
      writeAtomically(out, (temporary) => {
        writeFileSync(temporary, 'half');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(out, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('writes beside the target, so the rename stays on one file system', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    let used = '';
    await writeAtomically(out, (temporary) => {
      used = temporary;
      writeFileSync(temporary, 'new');
    });
    expect(used.startsWith(join(dir, '.report.json.'))).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});
