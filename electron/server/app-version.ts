import { readFileSync } from 'node:fs';

/** Name and version from package.json (the single source of both). */
export function readAppVersion(): { name: string; version: string } {
  const url = new URL('../../package.json', import.meta.url);
  try {
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { productName?: string; version?: string };
    return { name: pkg.productName ?? 'Genba', version: pkg.version ?? '0.0.0' };
  } catch {
    return { name: 'Genba', version: '0.0.0' };
  }
}
