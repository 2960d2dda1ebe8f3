/**
 * The admin's donation switches. Every change is audited in the same transaction. Withdrawing
 * consent deletes what of that category has not started to leave; when every category is off
 * the open donation period is closed and its pseudonym key destroyed.
 */
import type { Database } from 'better-sqlite3';
import { AuditRepository } from '../repositories/audit-repository';
import {
  CATEGORY_LABELS,
  CATEGORY_PRIORITY,
  DONATION_CATEGORIES,
  type DonationCategory,
} from './categories';
import { closeExpiredPeriods, scrubClosedKeys } from './donation-periods';
import { dropUnsent } from './outbox/retention';
import { stmt } from './statements';

export function isConsented(db: Database, category: DonationCategory): boolean {
  const row = stmt(db, 'SELECT enabled FROM sync_consent WHERE category = ?').get(category) as
    { enabled: number } | undefined;
  return row?.enabled === 1;
}

export function consentedCategories(db: Database): DonationCategory[] {
  return DONATION_CATEGORIES.filter((category) => isConsented(db, category));
}

export interface CategoryConsent {
  category: DonationCategory;
  enabled: boolean;
  changedMs: number | null;
  actor: string | null;
  priority: number;
  label: { en: string; ja: string };
}

export function listConsent(db: Database): CategoryConsent[] {
  const rows = new Map(
    (
      stmt(db, 'SELECT category, enabled, changed_ms, actor FROM sync_consent').all() as Array<{
        category: string;
        enabled: number;
        changed_ms: number;
        actor: string;
      }>
    ).map((row) => [row.category, row]),
  );
  return DONATION_CATEGORIES.map((category) => {
    const row = rows.get(category);
    return {
      category,
      enabled: row?.enabled === 1,
      changedMs: row?.changed_ms ?? null,
      actor: row?.actor ?? null,
      priority: CATEGORY_PRIORITY[category],
      label: CATEGORY_LABELS[category],
    };
  });
}

export interface ConsentChange {
  categories: readonly DonationCategory[];
  enabled: boolean;
  actor: string;
  nowMs: number;
}

export function setConsent(
  db: Database,
  change: ConsentChange,
): { consent: CategoryConsent[]; dropped: number } {
  const audit = new AuditRepository(db);
  let dropped = 0;
  let closed = 0;
  db.transaction(() => {
    for (const category of change.categories) {
      const before = isConsented(db, category);
      if (before === change.enabled) continue;
      stmt(
        db,
        `INSERT INTO sync_consent (category, enabled, changed_ms, actor) VALUES (?, ?, ?, ?)
         ON CONFLICT (category) DO UPDATE SET enabled = excluded.enabled, changed_ms = excluded.changed_ms,
           actor = excluded.actor`,
      ).run(category, change.enabled ? 1 : 0, change.nowMs, change.actor);
      if (!change.enabled) dropped += dropUnsent(db, category);
      audit.append({
        tMs: change.nowMs,
        actor: change.actor,
        action: change.enabled ? 'sync.consent.enable' : 'sync.consent.disable',
        target: category,
        before: { enabled: before },
        after: { enabled: change.enabled },
      });
    }
    const anyOn =
      (stmt(db, 'SELECT count(*) AS n FROM sync_consent WHERE enabled = 1').get() as { n: number })
        .n > 0;
    if (!anyOn) closed = closeExpiredPeriods(db, change.nowMs, true);
  }).immediate();
  if (closed) scrubClosedKeys(db);
  return { consent: listConsent(db), dropped };
}
