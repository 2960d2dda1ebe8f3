/**
 * The bundled default pack across app updates (real SQLite file, real inference host): a newer
 * bundled version of the active model line is imported and activated with the old one kept for
 * rollback; an older bundle, a model of another line, or a broken bundle leave the active model
 * as it is; an active pack no longer believed gives way to the bundled one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DbClient } from '../../../db/db-client';
import { DiagnosticsService } from '../../../native/model/diagnostics-service';
import { DEFAULT_PACK_DIR, ModelRegistry } from '../../../native/model/model-registry';
import { useTempDir } from '../../helpers/temp-dir';
import { writeTestPack } from './test-pack';

const tempDir = useTempDir();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp() {
  const root = tempDir();
  const db = await DbClient.open({ path: join(root, 'genba.sqlite') });
  const service = new DiagnosticsService({ tickMs: 3_600_000 });
  await service.start();
  cleanups.push(
    () => db.close(),
    () => service.close(),
  );
  const bundle = async (name: string, version: string) => {
    const dir = join(root, `bundle-${name}-${version}`);
    await writeTestPack(dir, { name, version });
    return dir;
  };
  /** What an app start does: a registry over the same database and models folder. */
  const start = async (bundledDir: string, trust = { developmentKey: true }) => {
    const log: string[] = [];
    const registry = new ModelRegistry(
      db,
      service,
      join(root, 'models'),
      'system',
      bundledDir,
      (l) => log.push(l),
      () => trust,
    );
    const active = await registry.startActive();
    const packs = (await registry.list()).map((p) => `${p.name} ${p.version}:${p.state}`).sort();
    return { active: active && `${active.name} ${active.version}`, packs, log, registry };
  };
  return { root, bundle, start };
}

describe('bundled default model across app updates', () => {
  it('first run activates the bundle; a newer bundle of the same line replaces it, rollback works', async () => {
    const { bundle, start } = await setUp();
    expect((await start(await bundle('genba-diagnostics', '1.0.0'))).active).toBe(
      'genba-diagnostics 1.0.0',
    );
    const updated = await start(await bundle('genba-diagnostics', '1.1.0'));
    expect(updated.active).toBe('genba-diagnostics 1.1.0');
    expect(updated.packs).toEqual([
      'genba-diagnostics 1.0.0:previous',
      'genba-diagnostics 1.1.0:active',
    ]);
    expect(updated.log).toEqual(['model: updated to the bundled genba-diagnostics 1.1.0']);
    expect((await updated.registry.rollback()).version).toBe('1.0.0');
    // The admin rolled back: the same bundle on the next start does not undo that choice.
    expect((await start(await bundle('genba-diagnostics', '1.1.0'))).active).toBe(
      'genba-diagnostics 1.0.0',
    );
  });

  it('leaves the active model alone for an older bundle or another model line', async () => {
    const { bundle, start } = await setUp();
    await start(await bundle('genba-diagnostics', '1.2.0'));
    const older = await start(await bundle('genba-diagnostics', '1.1.0'));
    expect(older.active).toBe('genba-diagnostics 1.2.0');
    expect(older.packs).toEqual(['genba-diagnostics 1.2.0:active']);
    const otherLine = await start(await bundle('consortium-foundation', '9.0.0'));
    expect(otherLine.active).toBe('genba-diagnostics 1.2.0');
    expect(otherLine.packs).toEqual(['genba-diagnostics 1.2.0:active']);
  });

  it('keeps the active model running when the newer bundle is corrupt', async () => {
    const { root, bundle, start } = await setUp();
    await start(await bundle('genba-diagnostics', '1.0.0'));
    const broken = await bundle('genba-diagnostics', '1.1.0');
    writeFileSync(join(broken, 'model.onnx'), 'not a model');
    const after = await start(broken);
    expect(after.active).toBe('genba-diagnostics 1.0.0');
    expect(after.log[0]).toMatch(/^model: the bundled genba-diagnostics 1\.1\.0 was not used: /);
    mkdirSync(join(root, 'empty'));
    expect((await start(join(root, 'empty'))).active).toBe('genba-diagnostics 1.0.0');
  });

  it('runs the bundled model when the active pack is no longer believed', async () => {
    const { bundle, start } = await setUp();
    // Activated while the development key was trusted (a demo session, say).
    await start(await bundle('genba-diagnostics', '9.9.9'));
    const after = await start(DEFAULT_PACK_DIR, { developmentKey: false });
    expect(after.active).toMatch(/^genba-diagnostics \d/);
    expect(after.active).not.toBe('genba-diagnostics 9.9.9');
    expect(after.log).toEqual([
      expect.stringMatching(
        /^model: the active genba-diagnostics 9\.9\.9 was refused \(The pack is signed with the public development key.*\); the bundled model runs instead$/,
      ),
    ]);
  });
});
