/**
 * The floor rules (eslint.floors.js) fail on a planted violation: db/ importing electron/ or a
 * native/ file other than the domain, the domain importing up, the renderer importing db/, and a
 * two-file import cycle. The plants live in tests/fixtures/floors/, which the repository's own
 * lint ignores; here that folder is the root the zones are relative to.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { floors } from '../eslint.floors.js';

const fixtures = fileURLToPath(new URL('./fixtures/floors/', import.meta.url));

type Finding = { file: string; line: number; rule: string | null };
let findings: Finding[];

beforeAll(async () => {
  const eslint = new ESLint({
    cwd: fixtures,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
      ...floors(fixtures),
    ],
  });
  const results = await eslint.lintFiles(['**/*.ts']);
  findings = results.flatMap((result) =>
    result.messages.map((m) => ({
      file: result.filePath.slice(fixtures.length),
      line: m.line,
      rule: m.ruleId,
    })),
  );
}, 60_000);

const at = (file: string) => findings.filter((f) => f.file === file);

describe('floor rules', () => {
  it('fail when db/ imports electron/', () => {
    expect(at('db/reads-electron.ts')).toEqual([
      { file: 'db/reads-electron.ts', line: 1, rule: 'import-x/no-restricted-paths' },
    ]);
  });

  it('fail when db/ imports native/ beyond the domain (the domain import is fine)', () => {
    expect(at('db/reads-native.ts')).toEqual([
      { file: 'db/reads-native.ts', line: 1, rule: 'import-x/no-restricted-paths' },
    ]);
  });

  it('fail when the domain imports anything', () => {
    expect(at('native/domain/reads-native.ts')).toEqual([
      { file: 'native/domain/reads-native.ts', line: 1, rule: 'import-x/no-restricted-paths' },
    ]);
  });

  it('fail when the renderer imports db/, not when it imports the domain or the contract', () => {
    expect(at('renderer/src/reads-db.ts')).toEqual([
      { file: 'renderer/src/reads-db.ts', line: 1, rule: 'import-x/no-restricted-paths' },
    ]);
  });

  it('fail on an import cycle, on both of its files', () => {
    expect(at('native/cycle/a.ts')).toEqual([
      { file: 'native/cycle/a.ts', line: 1, rule: 'import-x/no-cycle' },
    ]);
    expect(at('native/cycle/b.ts')).toEqual([
      { file: 'native/cycle/b.ts', line: 1, rule: 'import-x/no-cycle' },
    ]);
  });

  it('pass the files that break no floor', () => {
    expect(
      findings.filter(
        (f) =>
          !f.file.startsWith('db/') && !f.file.includes('reads-') && !f.file.includes('cycle/'),
      ),
    ).toEqual([]);
  });
});
