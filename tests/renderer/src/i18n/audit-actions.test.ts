import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestChannels } from '../../../../electron/shared/contract';
import { AUDIT_ACTION_NAMES, auditActionName } from '../../../../renderer/src/i18n/audit-actions';

const ROOT = join(import.meta.dirname, '../../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every audit action the sources write as a literal, and the sign-in ones built from a purpose. */
function writtenActions(): Set<string> {
  const found = new Set<string>(
    ['sign-in', 'unlock'].flatMap((p) => [`auth.${p}`, `auth.${p}-failed`, `auth.${p}-refused`]),
  );
  for (const file of [...sources(join(ROOT, 'db')), ...sources(join(ROOT, 'electron/server'))]) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/action:|audit\(|auditOwnSession\(/.test(line)) continue;
      for (const [, action] of line.matchAll(/'([a-z-]+\.[a-z.-]+)'/g)) found.add(action!);
    }
  }
  for (const spec of Object.values(requestChannels)) {
    const audited = (spec.access as { auditOnAccept?: string }).auditOnAccept;
    if (audited) found.add(audited);
  }
  return found;
}

describe('audit action names', () => {
  it('name every action Genba writes to the audit trail, in both languages', () => {
    const actions = writtenActions();
    expect(actions.size).toBeGreaterThan(30);
    const unnamed = [...actions].filter((action) => !Object.hasOwn(AUDIT_ACTION_NAMES, action));
    expect(unnamed).toEqual([]);
    for (const action of actions) {
      expect(auditActionName(action, 'ja'), action).toMatch(/[\u3000-\u30ff\u4e00-\u9fff]/);
    }
  });

  it('show an action this version does not know by its code alone', () => {
    expect(auditActionName('robot.teleport', 'ja')).toBeNull();
    expect(auditActionName('toString', 'en')).toBeNull();
  });
});
