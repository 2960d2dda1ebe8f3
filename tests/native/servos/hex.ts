/** `'FF FF 01 02 01 FB'` → bytes, and back, for tests written against manuals' byte tables. */
export const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.trim().split(/\s+/), (b) => parseInt(b, 16));

export const toHexString = (bytes: ArrayLike<number>): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
