/**
 * @doyensec/electronegativity over the Electron shell (electron/), as part of `npm test`. Every
 * finding must be fixed or explained in auth-electronegativity-allowlist.json; stale allowlist
 * entries fail too, so the list only ever holds findings that still exist.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  sample?: string;
  description?: string;
}
type Run = (options: Record<string, unknown>) => Promise<{
  issues: Finding[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
}>;

const allowlist = JSON.parse(
  readFileSync(join(ROOT, 'tests/electron/desktop/auth-electronegativity-allowlist.json'), 'utf8'),
) as { accepted: Array<{ id: string; file: string; reason: string }> };

function electronVersion(): string {
  const pkg = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return pkg.version;
}

describe('Electronegativity', () => {
  it('finds nothing in electron/ that is not fixed or explained', async () => {
    const run = require('@doyensec/electronegativity') as Run;
    // It logs progress and tries to fetch translations and release lists; keep the output quiet.
    const log = console.log;
    console.log = () => {};
    let result: Awaited<ReturnType<Run>>;
    try {
      result = await run({
        input: join(ROOT, 'electron'),
        electronVersionOverride: electronVersion(),
        isRelative: true,
      });
    } finally {
      console.log = log;
    }
    expect(result.errors.filter((error) => !error.tolerable)).toEqual([]);
    const key = (f: { id: string; file: string }) => `${f.id} @ ${f.file.replaceAll('\\', '/')}`;
    const accepted = new Set(allowlist.accepted.map(key));
    const found = new Set(result.issues.map(key));
    const unexplained = result.issues
      .filter((finding) => !accepted.has(key(finding)))
      .map((f) => `${key(f)}:${f.location.line} ${f.sample ?? ''} — ${f.description ?? ''}`);
    expect(unexplained, 'fix these or explain them in the allowlist').toEqual([]);
    expect(
      [...accepted].filter((entry) => !found.has(entry)),
      'stale allowlist entries',
    ).toEqual([]);
    expect(allowlist.accepted.every((entry) => entry.reason.length > 40)).toBe(true);
  }, 120_000);
});
