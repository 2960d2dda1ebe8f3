// The floors of ARCHITECTURE.md as lint rules: an import only ever points down a floor, and no two
// files import each other, however long the way round. Zone paths are relative to `root` (the
// repository), so the same rules lint a fixture tree in tests/eslint.floors.test.ts.
//
//   renderer/ → electron/desktop/, bin/ → electron/server/, electron/shared/ → native/, db/ → native/domain/
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const SOURCES = ['**/*.ts', '**/*.tsx', '**/*.mts'];

const zones = [
  {
    target: './native/domain',
    from: '.',
    except: ['./native/domain'],
    message: 'The domain vocabulary imports nothing: every floor builds on it.',
  },
  {
    target: ['./native', './db'],
    from: './electron',
    message:
      'native/ and db/ run under plain Node (the CLI, the tests) and never import electron/.',
  },
  {
    target: './db',
    from: './native',
    except: ['./domain', './process'],
    message:
      'db/ imports only native/domain and native/process; pass what it needs from native/ in.',
  },
  {
    target: ['./native', './db'],
    from: ['./bin', './renderer'],
    message: 'Imports point down a floor: the services never import the CLI or the UI.',
  },
  {
    target: ['./electron/server', './electron/shared'],
    from: ['./electron/desktop', './bin', './renderer'],
    message: 'Imports point down a floor: the server and the contract never import the shells.',
  },
  {
    target: ['./electron/desktop', './bin'],
    from: './renderer',
    message: 'Imports point down a floor: the shells never import the UI.',
  },
  {
    target: './electron/shared/contract',
    from: './native',
    except: ['./domain'],
    message: 'The API contract is built from the domain vocabulary only.',
  },
  {
    target: './electron/shared/contract',
    from: ['./db', './electron/server', './electron/desktop'],
    message: 'The API contract is built from the domain vocabulary only.',
  },
  {
    target: './renderer',
    from: '.',
    except: ['./renderer', './electron/shared/contract', './native/domain', './node_modules'],
    message:
      'The renderer imports its own files, the contract (types) and the domain vocabulary only.',
  },
];

/** The floor rules for the tree at `root`. */
export function floors(root = import.meta.dirname) {
  return [
    {
      files: SOURCES,
      plugins: { 'import-x': importX },
      settings: {
        // no-cycle parses the files it follows: TypeScript ones with the TypeScript parser.
        'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
        'import-x/resolver-next': [
          createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] }),
        ],
      },
      rules: {
        'import-x/no-restricted-paths': ['error', { zones, basePath: root }],
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
      },
    },
  ];
}
