import { userInfo } from 'node:os';
import {
  DONATION_CATEGORIES,
  isDonationCategory,
  type DonationCategory,
} from '../../../db/sync/categories';
import { listConsent, setConsent } from '../../../db/sync/consent';
import { openDatabase } from '../../../db/open-database';
import { CliError } from '../cli-error';

const USAGE = `genba consent --db <file> [--enable <category…|all>] [--disable <category…|all>] [--json]
Categories: ${DONATION_CATEGORIES.join(', ')}`;

function categoriesOf(words: string[], flag: string): DonationCategory[] {
  const names = words.flatMap((word) => word.split(',')).filter(Boolean);
  if (names.length === 0)
    throw new CliError(`${flag} needs at least one category (or "all"). ${USAGE}`);
  if (names.includes('all')) return [...DONATION_CATEGORIES];
  for (const name of names) {
    if (!isDonationCategory(name)) {
      throw new CliError(
        `Unknown donation category "${name}". Categories: ${DONATION_CATEGORIES.join(', ')}, or all.`,
      );
    }
  }
  return names as DonationCategory[];
}

/**
 * `genba consent` — the admin's donation switches. Without --enable/--disable it shows them.
 * Every change is audited (actor cli:<user>).
 */
export function consentCommand(argv: string[]): Promise<number> {
  return Promise.resolve().then(() => runConsent(argv));
}

function runConsent(argv: string[]): number {
  let db: string | undefined;
  let json = false;
  const enable: string[] = [];
  const disable: string[] = [];
  let seenEnable = false;
  let seenDisable = false;
  let collecting: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db') {
      db = argv[++i];
      collecting = null;
    } else if (arg === '--json') {
      json = true;
      collecting = null;
    } else if (arg === '--enable') {
      seenEnable = true;
      collecting = enable;
    } else if (arg === '--disable') {
      seenDisable = true;
      collecting = disable;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('--')) {
      throw new CliError(`genba consent: unknown option ${arg}. ${USAGE}`);
    } else if (collecting) {
      collecting.push(arg);
    } else {
      throw new CliError(`genba consent: unexpected "${arg}". ${USAGE}`);
    }
  }
  if (!db) throw new CliError(`genba consent: --db <file> is required. ${USAGE}`);
  const toEnable = seenEnable ? categoriesOf(enable, '--enable') : [];
  const toDisable = seenDisable ? categoriesOf(disable, '--disable') : [];
  const both = toEnable.filter((c) => toDisable.includes(c));
  if (both.length)
    throw new CliError(`genba consent: ${both.join(', ')} cannot be both enabled and disabled.`);

  const opened = openDatabase(db);
  try {
    const actor = `cli:${userInfo().username}`;
    const nowMs = Date.now();
    let dropped = 0;
    if (toDisable.length)
      dropped += setConsent(opened.db, {
        categories: toDisable,
        enabled: false,
        actor,
        nowMs,
      }).dropped;
    if (toEnable.length)
      setConsent(opened.db, { categories: toEnable, enabled: true, actor, nowMs });
    const consent = listConsent(opened.db);
    if (json) {
      process.stdout.write(`${JSON.stringify({ consent, droppedUnsent: dropped })}\n`);
    } else {
      for (const c of consent)
        process.stdout.write(
          `${c.enabled ? 'on ' : 'off'}  ${c.category.padEnd(20)} ${c.label.en}\n`,
        );
      if (dropped)
        process.stdout.write(
          `${dropped} queued record(s) of withdrawn categories were deleted before leaving.\n`,
        );
    }
    return 0;
  } finally {
    opened.db.close();
  }
}
