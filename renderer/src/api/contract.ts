/**
 * The renderer's one door to the shared API contract: types only, never the zod runtime
 * (the lint config allows only type imports from electron/shared in the renderer).
 */
export type * from '../../../electron/shared/contract';
