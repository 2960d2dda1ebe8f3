/**
 * Failed API calls on a Japanese screen: the code's Japanese headline first, the server's
 * specifics after it; English screens keep the server's message. Every error code the app's
 * server code raises for people has a headline (so a new code cannot ship English-only).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsEn } from '../../../../renderer/src/i18n/errors.en';
import { errorText } from '../../../../renderer/src/i18n/error-text';

const failure = (code: string, message: string) => ({ error: { code, message }, message });

describe('errorText', () => {
  it('keeps the server’s message in English', () => {
    const e = failure(
      'no-reply',
      'Servo(s) 13 of OpenManipulator-X did not answer on /dev/ttyUSB0.',
    );
    expect(errorText('en', e)).toBe(e.message);
  });

  it('leads with the Japanese headline and keeps the specifics', () => {
    const e = failure('no-reply', 'Servo(s) 13 did not answer on /dev/ttyUSB0.');
    expect(errorText('ja', e)).toBe(
      'ロボットから応答がありません。（Servo(s) 13 did not answer on /dev/ttyUSB0.）',
    );
  });

  it('falls back to the message for an unknown code, and to “unknown” for nothing at all', () => {
    expect(errorText('ja', failure('brand-new-code', 'Details.'))).toBe('Details.');
    expect(errorText('ja', {})).not.toBe('');
    expect(errorText('ja', {})).not.toBe(errorText('en', {}));
  });

  it('has a headline for every error code the server raises for people', () => {
    const root = join(import.meta.dirname, '../../../..');
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) sources.push(readFileSync(path, 'utf8'));
      }
    };
    for (const dir of ['native/robots', 'native/model/pack', 'electron/server'])
      walk(join(root, dir));
    const codes = new Set<string>();
    const raise =
      /new (?:RobotCommandError|UserFacingError|PackRefusedError|ApiError)\(\s*'([a-z-]+)'/g;
    for (const source of sources) for (const m of source.matchAll(raise)) codes.add(m[1] ?? '');
    // Sign-in and account codes have their own sentences (renderer/src/auth/auth-messages.ts).
    const ownSentences = ['sign-in-failed', 'account-locked-out', 'weak-secret'];
    const missing = [...codes].filter(
      (code) => !ownSentences.includes(code) && !Object.hasOwn(errorsEn, `error.code.${code}`),
    );
    expect(codes.size).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
