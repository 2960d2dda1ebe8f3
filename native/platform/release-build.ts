/**
 * Whether this code runs as the packaged desktop app. electron/build.mjs defines the constant for
 * the bundles it builds; from source (the CLI, `genba serve`, tests) it is undeclared, so false.
 */
declare const __GENBA_RELEASE_BUILD__: boolean | undefined;

export const RELEASE_BUILD: boolean =
  typeof __GENBA_RELEASE_BUILD__ !== 'undefined' && __GENBA_RELEASE_BUILD__ === true;
