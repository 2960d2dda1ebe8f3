/**
 * Column codec for telemetry chunks and rollup blocks.
 *
 * Why this shape: robot telemetry is a handful of slowly changing sensor readings that the
 * hardware already quantizes (XM430: position in 4096 ticks per turn = 0.088°, velocity in
 * 0.229 rpm, current in 2.69 mA, voltage in 0.1 V, temperature in 1 °C; hw_error is an integer
 * bit field). So each column is first mapped back to the integer the sensor produced — on the
 * first grid where *every* value of the column round-trips bit for bit — and the integers are
 * then stored as zig-zag varints of their deltas (or delta-of-deltas, whichever is shorter for
 * the column), with runs of zeros collapsed to a zero and a run length. A steady temperature
 * costs a few bytes per chunk, a moving joint's position ~1 byte per sample. This beats
 * Gorilla's XOR floats here because the values are small integers in disguise, and it is
 * byte-aligned, so it decodes fast in plain JavaScript.
 *
 * Nothing is ever lossy: a column with any value off every grid (NaN, a value from a sensor with
 * another resolution, a computed float) is stored with a byte-aligned XOR-of-previous float64
 * encoding (Gorilla's idea at byte granularity), so decode(encode(x)) is always bit-identical.
 *
 * Grids: index 0 is the channel's sensor step, decoded as `k * step` (how a driver computes
 * `ticks * PULSE_RAD`); indices 1… are decimal scales 1, 10, 100, … 10^7, decoded as `k / scale`
 * (which reproduces decimal literals such as 11.7 V or 0.35 A exactly).
 */

export const DECIMAL_SCALES = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000] as const;
/** Beyond this the integer would not survive zig-zag arithmetic in a double. */
const MAX_INT = 2 ** 50;

const enum ColumnKind {
  Constant = 0,
  Delta = 1,
  DeltaOfDelta = 2,
  XorFloat = 3,
}

/** Growable byte buffer. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 256) {
    this.bytes = new Uint8Array(capacity);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  byte(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  /** Unsigned varint of a non-negative safe integer. */
  uvarint(value: number): void {
    this.ensure(8);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }

  svarint(value: number): void {
    this.uvarint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  append(other: ByteWriter): void {
    this.ensure(other.length);
    this.bytes.set(other.bytes.subarray(0, other.length), this.length);
    this.length += other.length;
  }

  appendBytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

export class ByteReader {
  offset = 0;

  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.offset >= this.bytes.length) throw new RangeError('Telemetry block is truncated.');
    return this.bytes[this.offset++]!;
  }

  uvarint(): number {
    const bytes = this.bytes;
    let b = bytes[this.offset++];
    if (b === undefined) throw new RangeError('Telemetry block is truncated.');
    if (b < 0x80) return b;
    let value = b & 0x7f;
    let scale = 0x80;
    for (;;) {
      b = bytes[this.offset++];
      if (b === undefined) throw new RangeError('Telemetry block is truncated.');
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  }

  svarint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
}

/** Integers of `values` on grid `grid`, or null when any value is not exactly on it. */
function toGrid(values: ArrayLike<number>, n: number, grid: number, step: number): Int64Like {
  const out = new Float64Array(n);
  if (grid === 0) {
    if (!(step > 0)) return null;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      const k = Math.round(v / step);
      if (k * step !== v || Math.abs(k) > MAX_INT || Object.is(v, -0)) return null;
      out[i] = k;
    }
    return out;
  }
  const scale = DECIMAL_SCALES[grid - 1]!;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const k = Math.round(v * scale);
    if (k / scale !== v || Math.abs(k) > MAX_INT || Object.is(v, -0)) return null;
    out[i] = k;
  }
  return out;
}
type Int64Like = Float64Array | null;

function fromGrid(k: number, grid: number, step: number): number {
  return grid === 0 ? k * step : k / DECIMAL_SCALES[grid - 1]!;
}

/** Zig-zag varints with zero runs: a 0 is followed by how many more zeros come after it. */
function writeInts(out: ByteWriter, ints: Float64Array, from: number): void {
  const n = ints.length;
  let i = from;
  while (i < n) {
    const v = ints[i]!;
    if (v === 0) {
      let run = 1;
      while (i + run < n && ints[i + run] === 0) run++;
      out.byte(0);
      out.uvarint(run - 1);
      i += run;
    } else {
      out.svarint(v);
      i++;
    }
  }
}

function readInts(reader: ByteReader, into: Float64Array, from: number): void {
  const n = into.length;
  let i = from;
  while (i < n) {
    const v = reader.svarint();
    if (v === 0) {
      const run = reader.uvarint() + 1;
      into.fill(0, i, i + run);
      i += run;
    } else {
      into[i++] = v;
    }
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const u8 = new Uint8Array(f64.buffer);

/** Byte-aligned XOR against the previous value: a header byte (leading/trailing zero bytes), then the middle. */
function writeXorFloats(out: ByteWriter, values: ArrayLike<number>, n: number): void {
  let prevLo = 0;
  let prevHi = 0;
  for (let i = 0; i < n; i++) {
    f64[0] = values[i]!;
    const lo = u32[0]!;
    const hi = u32[1]!;
    u32[0] = lo ^ prevLo;
    u32[1] = hi ^ prevHi;
    prevLo = lo;
    prevHi = hi;
    // Little-endian: byte 7 is the most significant.
    let lead = 0;
    while (lead < 8 && u8[7 - lead] === 0) lead++;
    if (lead === 8) {
      out.byte(0x80);
      continue;
    }
    let trail = 0;
    while (u8[trail] === 0) trail++;
    out.byte((lead << 4) | trail);
    for (let b = 7 - lead; b >= trail; b--) out.byte(u8[b]!);
  }
}

function readXorFloats(reader: ByteReader, into: Float64Array): void {
  let prevLo = 0;
  let prevHi = 0;
  for (let i = 0; i < into.length; i++) {
    const header = reader.byte();
    u32[0] = 0;
    u32[1] = 0;
    if (header !== 0x80) {
      const lead = header >> 4;
      const trail = header & 0x0f;
      for (let b = 7 - lead; b >= trail; b--) u8[b] = reader.byte();
    }
    prevLo = (u32[0] ^ prevLo) >>> 0;
    prevHi = (u32[1] ^ prevHi) >>> 0;
    u32[0] = prevLo;
    u32[1] = prevHi;
    into[i] = f64[0]!;
  }
}

const scratchA = new ByteWriter(4096);
const scratchB = new ByteWriter(4096);

/**
 * Encodes one column of `n` values. `step` is the channel's sensor resolution (0 = none).
 * Layout: kind byte; for integer kinds a grid byte and the first value; then the body.
 */
export function encodeColumn(out: ByteWriter, values: ArrayLike<number>, n: number, step: number) {
  if (n === 0) return;
  let ints: Int64Like = null;
  let grid = 0;
  for (; grid <= DECIMAL_SCALES.length; grid++) {
    ints = toGrid(values, n, grid, step);
    if (ints) break;
  }
  if (!ints) {
    out.byte(ColumnKind.XorFloat);
    writeXorFloats(out, values, n);
    return;
  }
  const first = ints[0]!;
  let constant = true;
  for (let i = 1; i < n && constant; i++) if (ints[i] !== first) constant = false;
  if (constant) {
    out.byte(ColumnKind.Constant);
    out.byte(grid);
    out.svarint(first);
    return;
  }
  // Delta in place (from the end so each step still sees its predecessor).
  const deltas = new Float64Array(n);
  deltas[0] = first;
  for (let i = 1; i < n; i++) deltas[i] = ints[i]! - ints[i - 1]!;
  const dods = new Float64Array(n);
  dods[0] = first;
  if (n > 1) dods[1] = deltas[1]!;
  for (let i = 2; i < n; i++) dods[i] = deltas[i]! - deltas[i - 1]!;
  scratchA.length = 0;
  writeInts(scratchA, deltas, 1);
  scratchB.length = 0;
  writeInts(scratchB, dods, 1);
  const useDod = scratchB.length < scratchA.length;
  out.byte(useDod ? ColumnKind.DeltaOfDelta : ColumnKind.Delta);
  out.byte(grid);
  out.svarint(first);
  out.append(useDod ? scratchB : scratchA);
}

export function decodeColumn(reader: ByteReader, n: number, step: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 0) return out;
  const kind = reader.byte() as ColumnKind;
  if (kind === ColumnKind.XorFloat) {
    readXorFloats(reader, out);
    return out;
  }
  const grid = reader.byte();
  const first = reader.svarint();
  if (kind === ColumnKind.Constant) {
    out.fill(fromGrid(first, grid, step));
    return out;
  }
  out[0] = first;
  readInts(reader, out, 1);
  if (kind === ColumnKind.DeltaOfDelta) {
    let delta = 0;
    for (let i = 1; i < n; i++) {
      delta += out[i]!;
      out[i] = out[i - 1]! + delta;
    }
  } else if (kind === ColumnKind.Delta) {
    for (let i = 1; i < n; i++) out[i] = out[i - 1]! + out[i]!;
  } else {
    throw new RangeError(`Unknown telemetry column kind ${kind as number}.`);
  }
  if (grid === 0) {
    for (let i = 0; i < n; i++) out[i] = out[i]! * step;
  } else {
    const scale = DECIMAL_SCALES[grid - 1]!;
    if (scale !== 1) for (let i = 0; i < n; i++) out[i] = out[i]! / scale;
  }
  return out;
}

/**
 * A block of equal-length columns: version byte, row count, the byte length of each column
 * (so a reader can skip straight to the one it needs), then the columns.
 */
export function encodeColumns(
  columns: readonly ArrayLike<number>[],
  n: number,
  steps: readonly number[],
): Uint8Array {
  const parts = columns.map((column, i) => {
    const part = new ByteWriter(Math.max(64, n));
    encodeColumn(part, column, n, steps[i] ?? 0);
    return part;
  });
  const out = new ByteWriter(16 + parts.reduce((sum, part) => sum + part.length + 4, 0));
  out.byte(1);
  out.uvarint(n);
  out.uvarint(columns.length);
  for (const part of parts) out.uvarint(part.length);
  for (const part of parts) out.append(part);
  return out.finish();
}

/** Decodes the columns listed in `which` (all when omitted); others come back null. */
export function decodeColumns(
  data: Uint8Array,
  steps: readonly number[],
  which?: readonly number[],
): { n: number; columns: (Float64Array | null)[] } {
  const reader = new ByteReader(data);
  const version = reader.byte();
  if (version !== 1) throw new RangeError(`Unknown telemetry block version ${version}.`);
  const n = reader.uvarint();
  const count = reader.uvarint();
  const lengths: number[] = [];
  for (let i = 0; i < count; i++) lengths.push(reader.uvarint());
  const columns: (Float64Array | null)[] = [];
  let offset = reader.offset;
  for (let i = 0; i < count; i++) {
    if (!which || which.includes(i)) {
      const columnReader = new ByteReader(data.subarray(offset, offset + lengths[i]!));
      columns.push(decodeColumn(columnReader, n, steps[i] ?? 0));
    } else {
      columns.push(null);
    }
    offset += lengths[i]!;
  }
  return { n, columns };
}
