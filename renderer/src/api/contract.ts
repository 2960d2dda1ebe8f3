/**
 * The renderer's one door to the shared API contract: types only, never the zod runtime.
 * (The lint rule that keeps Node and Electron out of the renderer also matches the `electron/`
 * folder name, so this single, type-only re-export is exempted explicitly.)
 */
// eslint-disable-next-line no-restricted-imports
export type * from '../../../electron/shared/api-contract';
