/**
 * Records into the outbox: anonymized in the caller's transaction, then admitted or held by
 * k-anonymity (k-anonymity.ts) and written as chunk rows (chunk-writer.ts).
 */
import type { Database } from 'better-sqlite3';
import {
  anonymizeLine,
  comboKeyBeforeLine,
  newAnonymizedLine,
  type AnonymizeContext,
  type DonationInputs,
} from '../anonymizer';
import { CATEGORY_PRIORITY, type DonationCategory } from '../categories';
import { isConsented } from '../consent';
import { currentPeriod, robotPseudonym, type OpenPeriod } from '../donation-periods';
import { OutboxWriter } from './chunk-writer';
import { admit, asCandidate, releasedFor, type Candidate } from './k-anonymity';

export type EnqueueResult = 'queued' | 'held' | 'no-consent';

/**
 * Anonymize a local record and put it in the outbox (or the k-anonymity hold), if the admin
 * has consented to its category. Call it inside the transaction that writes the local record,
 * so the data and its outbox row commit together. Throws if the record cannot be made to fit
 * the data dictionary (then the caller's transaction rolls back: fix the caller).
 */
export function enqueueForDonation<C extends DonationCategory>(
  db: Database,
  category: C,
  record: DonationInputs[C],
  nowMs = Date.now(),
): EnqueueResult {
  if (!isConsented(db, category)) return 'no-consent';
  const writer = new OutboxWriter(db, nowMs);
  const result = admitOne(db, currentPeriod(db, nowMs), category, record, writer, nowMs);
  writer.flush();
  return result;
}

export interface EnqueueTally {
  queued: number;
  held: number;
  noConsent: number;
}

/**
 * `enqueueForDonation` for many records of one category at once (the sweep and bulk callers):
 * consent and the donation period are looked up once, and outbox rows are written with
 * multi-row INSERTs. Same rules, same transaction contract: call it inside the transaction that
 * writes (or marks as swept) the local records; a record that does not fit the dictionary throws.
 */
export function enqueueManyForDonation<C extends DonationCategory>(
  db: Database,
  category: C,
  records: Iterable<DonationInputs[C]>,
  nowMs = Date.now(),
): EnqueueTally {
  const tally: EnqueueTally = { queued: 0, held: 0, noConsent: 0 };
  if (!isConsented(db, category)) {
    for (const _record of records) tally.noConsent++;
    return tally;
  }
  const period = currentPeriod(db, nowMs);
  const ctx = pseudonymsFor(db, period);
  const released = releasedFor(db, period);
  const writer = new OutboxWriter(db, nowMs);
  const priority = CATEGORY_PRIORITY[category];
  const out = newAnonymizedLine();
  const lineOf = (record: DonationInputs[C]): Candidate => {
    anonymizeLine(category, record, ctx, out);
    return out;
  };
  // Records whose combination is already released go straight out; the others are counted
  // per combination once for the whole call (counts only grow, so this is the same rule).
  // Where the combination is known before the line (telemetry rollups), a group keeps its
  // local records and their lines are written only once the group is admitted or held; the
  // other kinds keep their written lines.
  const groups = new Map<string, Array<DonationInputs[C]>>();
  const written = new Map<string, Candidate[]>();
  for (const record of records) {
    const early = comboKeyBeforeLine(category, record);
    if (early !== null) {
      if (released.combos.has(early)) {
        writer.add(category, lineOf(record), priority);
        tally.queued++;
        continue;
      }
      const group = groups.get(early);
      if (group) group.push(record);
      else groups.set(early, [record]);
      continue;
    }
    anonymizeLine(category, record, ctx, out);
    if (released.combos.has(out.key)) {
      writer.add(category, out, priority);
      tally.queued++;
      continue;
    }
    const candidate: Candidate = { kind: out.kind, line: out.line, bucketEndMs: out.bucketEndMs };
    const group = written.get(out.key);
    if (group) group.push(candidate);
    else written.set(out.key, [candidate]);
  }
  for (const [key, group] of groups) {
    const outcome = admit(db, period, category, key, group, lineOf, writer, nowMs);
    if (outcome === 'queued') tally.queued += group.length;
    else tally.held += group.length;
  }
  for (const [key, group] of written) {
    const outcome = admit(db, period, category, key, group, asCandidate, writer, nowMs);
    if (outcome === 'queued') tally.queued += group.length;
    else tally.held += group.length;
  }
  writer.flush();
  return tally;
}

function admitOne<C extends DonationCategory>(
  db: Database,
  period: OpenPeriod,
  category: C,
  record: DonationInputs[C],
  writer: OutboxWriter,
  nowMs: number,
): 'queued' | 'held' {
  const out = newAnonymizedLine();
  anonymizeLine(category, record, pseudonymsFor(db, period), out);
  return admit(db, period, category, out.key, [out], asCandidate, writer, nowMs);
}

/** One pseudonym context per connection and period (no closure per record). */
const pseudonymContexts = new WeakMap<Database, { periodId: number; ctx: AnonymizeContext }>();
function pseudonymsFor(db: Database, period: OpenPeriod): AnonymizeContext {
  const cached = pseudonymContexts.get(db);
  if (cached?.periodId === period.id) return cached.ctx;
  const ctx: AnonymizeContext = { pseudonym: (robotId) => robotPseudonym(db, period, robotId) };
  pseudonymContexts.set(db, { periodId: period.id, ctx });
  return ctx;
}
