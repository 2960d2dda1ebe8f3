import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const root = new URL('../', import.meta.url);

describe('electron-builder.yml', () => {
  const config = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<
    string,
    unknown
  >;

  it("validates against electron-builder's own schema", () => {
    const schema = require('app-builder-lib/scheme.json') as object;
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('targets Linux (AppImage, deb), Windows (nsis) and macOS (dmg) with icons that exist', () => {
    const targets = (platform: string) => (config[platform] as { target: string[] }).target;
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
    for (const platform of ['linux', 'win', 'mac']) {
      const icon = (config[platform] as { icon: string }).icon;
      expect(existsSync(new URL(icon, root)), icon).toBe(true);
    }
  });

  it('keeps native modules out of the asar and rebuilds them for Electron', () => {
    const unpack = (config.asarUnpack as string[]).join(' ');
    expect(unpack).toContain('*.node');
    expect(unpack).toContain('onnxruntime-node');
    expect(config.npmRebuild).toBe(true);
  });

  it('points main at the bundled shell that electron/build.mjs writes', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { main: string };
    expect((config.extraMetadata as { main: string }).main).toBe(pkg.main);
    expect(readFileSync(new URL('electron/build.mjs', root), 'utf8')).toContain(
      "main: 'electron/desktop/main.ts'",
    );
  });
});
