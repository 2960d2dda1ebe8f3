/**
 * Byte stuffing keeps FF FF FD from appearing inside a packet body, where a receiver would
 * mistake it for the start of a new packet: the sender inserts an extra FD after every
 * FF FF FD, the receiver drops it again.
 */

export function stuff(body: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 2; i < body.length; i++) {
    if (body[i] === 0xfd && body[i - 1] === 0xff && body[i - 2] === 0xff) extra++;
  }
  if (extra === 0) return body;
  const out = new Uint8Array(body.length + extra);
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i] ?? 0;
    out[o++] = b;
    if (b === 0xfd && i >= 2 && body[i - 1] === 0xff && body[i - 2] === 0xff) out[o++] = 0xfd;
  }
  return out;
}

/** Reverses `stuff` over `data[start, end)`. */
export function unstuff(data: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  let o = 0;
  for (let i = start; i < end; i++) {
    const b = data[i] ?? 0;
    out[o++] = b;
    // Skip the inserted FD that follows FF FF FD (looking at what we already emitted).
    if (
      b === 0xfd &&
      o >= 3 &&
      out[o - 2] === 0xff &&
      out[o - 3] === 0xff &&
      data[i + 1] === 0xfd &&
      i + 1 < end
    ) {
      i++;
    }
  }
  return out.subarray(0, o);
}
