/**
 * The out-of-distribution check is only honest if the two simulators stay apart: the second
 * simulator never imports the first (or the training scenarios), and nothing training runs on
 * ever imports the second simulator or the evaluation harness. Follows every static and dynamic
 * import transitively, with TypeScript's own pre-processor.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../..');
const secondSim = join(root, 'native/model/evaluation/second-sim');
const evaluation = join(root, 'native/model/evaluation');
const training = join(root, 'native/model/training');
// The first simulator: the servo families' simulated buses and physics, and the simulated rigs.
const firstSims = [join(root, 'native/servos'), join(root, 'native/robots/sim')];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

/** Every repository file reachable from `entries` through relative imports. */
function closure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length) {
    const file = stack.pop();
    if (!file || seen.has(file)) continue;
    seen.add(file);
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const ref of info.importedFiles) {
      const target = resolveImport(file, ref.fileName);
      if (target && !seen.has(target)) stack.push(target);
    }
  }
  return seen;
}

const inside = (dir: string) => (file: string) => file.startsWith(`${dir}/`);
const inFirstSim = (file: string) => firstSims.some((dir) => inside(dir)(file));
const rel = (files: Iterable<string>) => [...files].map((f) => relative(root, f)).sort();

describe('import boundaries between the simulators', () => {
  it('the second simulator reaches neither the first simulator nor the training code', () => {
    const reached = closure(filesUnder(secondSim));
    expect(reached.size).toBeGreaterThan(10);
    expect(rel([...reached].filter(inFirstSim))).toEqual([]);
    expect(rel([...reached].filter(inside(training)))).toEqual([]);
  });

  it('training code reaches neither the second simulator nor the evaluation harness', () => {
    const reached = closure(filesUnder(training));
    expect(reached.size).toBeGreaterThan(5);
    expect(rel([...reached].filter(inside(evaluation)))).toEqual([]);
  });

  it('the check can see a forbidden import (it follows imports transitively)', () => {
    // The harness deliberately bridges both simulators; the closure must find that path.
    const reached = closure([join(evaluation, 'evaluate-held-out-scenario.ts')]);
    expect([...reached].some(inside(secondSim))).toBe(true);
    expect([...reached].some(inFirstSim)).toBe(true);
  });
});
