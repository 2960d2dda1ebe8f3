/**
 * Turns a local record (which may carry names, notes, serial numbers, exact times) into a
 * donation record that holds only dictionary items. Every output field is built explicitly
 * from an allowlist — nothing is copied through — and the result is checked against the data
 * dictionary before it can reach the outbox.
 *
 * Decisions: strings become enumerated values or narrow patterns (unknown models, joints and
 * faults become "other"); time is cut to the UTC hour (telemetry) or day (episodes, runs,
 * configuration, demonstrations; inside a demonstration time is relative to its start);
 * numbers are rounded so exact readings do not fingerprint a device; robots appear only as
 * per-period pseudonyms (see donation-periods.ts).
 *
 * The fields come from field-allowlist.ts, the records from record-builders.ts; telemetry
 * rollups, the bulk of donations, are written by rollup-serializer.ts.
 */
import type { DonationCategory } from './categories';
import { assertInDictionary, type KindSpec } from './data-dictionary';
import type {
  Anonymized,
  AnonymizeContext,
  AnonymizedLine,
  DonationInputs,
  TelemetryRollupInput,
} from './donation-types';
import { builders, type Builder } from './record-builders';
import { readRollupHead, telemetryRollupLine } from './rollup-serializer';

export type * from './donation-types';

/** Anonymize one local record of a category; throws DictionaryViolation if it could not be made safe. */
export function anonymize<C extends DonationCategory>(
  category: C,
  input: DonationInputs[C],
  ctx: AnonymizeContext,
): Anonymized {
  const builder = builders[category] as Builder<C>;
  const { record, bucketEndMs } = builder(input, ctx);
  // Absent optional values stay undefined: the dictionary check skips them and JSON drops them.
  const spec = assertInDictionary(record);
  if (spec.category !== category) throw new Error(`${spec.kind} does not belong to ${category}`);
  return { record, spec, line: JSON.stringify(record), bucketEndMs };
}

/**
 * The quasi-identifier combination of a checked record: kind, then each field as JSON. Checked
 * strings (enumerations and patterns) never need escaping, so they are quoted directly.
 */
export function comboKey(spec: KindSpec, record: Record<string, unknown>): string {
  let key = spec.kind;
  for (const field of spec.quasiIdentifiers) {
    const value = record[field];
    key +=
      typeof value === 'string' ? `\u0000"${value}"` : `\u0000${JSON.stringify(value ?? null)}`;
  }
  return key;
}

export function newAnonymizedLine(): AnonymizedLine {
  return { kind: '', line: '', key: '', bucketEndMs: 0 };
}

/**
 * `anonymize` for the outbox, which only needs the line and its combination: the same output,
 * byte for byte, and the same DictionaryViolation when a record cannot be made to fit. Telemetry
 * rollups (the bulk of donations, 100k/s) are written by a serializer of their own; every other
 * kind goes through `anonymize`.
 */
export function anonymizeLine<C extends DonationCategory>(
  category: C,
  input: DonationInputs[C],
  ctx: AnonymizeContext,
  out: AnonymizedLine,
): void {
  if (category === 'telemetry-rollups') {
    telemetryRollupLine(input as TelemetryRollupInput, ctx, out);
    return;
  }
  const anonymized = anonymize(category, input, ctx);
  out.kind = anonymized.spec.kind;
  out.line = anonymized.line;
  out.key = comboKey(anonymized.spec, anonymized.record);
  out.bucketEndMs = anonymized.bucketEndMs;
}

/**
 * A record's quasi-identifier combination (as `comboKey` of its anonymized record) before its
 * line is written, for kinds where that needs only a few fields: telemetry rollups. Null for
 * the other categories (their key comes with the line). The outbox uses it to count a batch of
 * records per combination without keeping thousands of written lines alive meanwhile.
 */
export function comboKeyBeforeLine<C extends DonationCategory>(
  category: C,
  input: DonationInputs[C],
): string | null {
  return category === 'telemetry-rollups' ? readRollupHead(input as TelemetryRollupInput) : null;
}
