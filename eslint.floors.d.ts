import type { Linter } from 'eslint';

/** The floor rules for the tree at `root` (default: the repository). */
export function floors(root?: string): Linter.Config[];
