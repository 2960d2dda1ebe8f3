// Bundles the desktop shell for Electron: main and the db worker as CommonJS with native modules
// left external (electron-builder rebuilds and unpacks them), and the preload as one sandbox-safe
// CommonJS file that may require only 'electron'.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// What makes these bundles the packaged app (native/platform/release-build.ts reads it).
const releaseDefines = JSON.parse(
  readFileSync(new URL('./release-defines.json', import.meta.url), 'utf8'),
);
const native = ['electron', 'better-sqlite3', 'serialport', '@serialport/*', 'onnxruntime-node'];
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // import.meta.url is only used for files the desktop build passes explicitly.
  define: {
    ...releaseDefines,
    'import.meta.url': '__genbaImportMetaUrl',
    'import.meta.dirname': '__dirname',
  },
  banner: {
    js: "const __genbaImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'electron/desktop/main.ts' },
    outdir: 'out/electron',
    outExtension: { '.js': '.cjs' },
    external: native,
  }),
  // Child processes, found next to main.cjs by native/process/node-entry.ts.
  build({
    ...common,
    entryPoints: {
      'inference-host.child': 'native/model/host/inference-host.child.ts',
      'teach.child': 'native/teach/teach.child.ts',
    },
    outdir: 'out/electron',
    outExtension: { '.js': '.cjs' },
    external: native,
  }),
  build({
    ...common,
    entryPoints: { 'db.worker': 'db/worker/db.worker.ts' },
    outdir: 'out/electron',
    outExtension: { '.js': '.cjs' },
    external: native,
  }),
  build({
    ...common,
    entryPoints: { preload: 'electron/desktop/preload.ts' },
    outdir: 'out/electron',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    define: {},
    banner: {},
  }),
]);
