/**
 * The Logs area end to end: the real `genba serve` over a `genba demo` history (real SQLite file,
 * real WebSocket API, a supervisor kiosk) driven in Debian's Chromium: range and filters, search
 * in English and Japanese (FTS and the two-character index), the telemetry around an event, a
 * zoomed plot, an export (CSV header checked against the contract), "Open log file…" read-only,
 * and the shift report page and its PDF (page.pdf(), read back with pdftotext). Screenshots of
 * both languages go to tests/.artifacts/screenshots/logs-*.png.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { ROOT, ensureRendererBuilt, startGenba, type RunningGenba } from './genba-server';
import { SHOTS, launchChromium } from './chromium';

const ARTIFACTS = join(ROOT, 'tests/.artifacts');
/** The CSV contracts, written out by hand (a test that reads them from the code cannot catch a change). */
const EVENTS_SPREADSHEET_HEADER = 'id,t_ms,time,local_time,robot,kind,severity,user,text';
const TELEMETRY_CSV_HEADER =
  't_ms,robot,joint,position_rad,velocity_rad_s,current_a,voltage_v,temperature_c,hw_error';

let tmp: string;
let dbPath: string;
let genba: RunningGenba;
let browser: Browser;
let consoleErrors: string[] = [];
/** What the demo history holds, read straight from the file before the server starts. */
let truth: {
  robotNames: string[];
  faults: number;
  collision: number;
  overheatingJa: number;
  collisionJa2: number;
};

/** A busy history (faults every ~10 minutes per arm), so there is a list of faults to review. */
function demoHistory(path: string, minutes: number): void {
  execFileSync(
    join(ROOT, 'bin/genba'),
    ['demo', '--db', path, '--minutes', String(minutes), '--faults-per-hour', '6'],
    { cwd: ROOT, stdio: 'ignore' },
  );
}

async function openLogs(locale: 'en-US' | 'ja-JP'): Promise<Page> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  await page.goto(genba.url);
  await expect
    .poll(() =>
      page.locator('[role="status"] [data-status="connection"]').getAttribute('data-tone'),
    )
    .toBe('ok');
  await page.locator('nav a[data-area="logs"]').click();
  await page.locator('.event-table').waitFor();
  // The whole history (the demo ends now, but reviewing is about the whole log here).
  await page.locator('.logs-filters select').first().selectOption('all');
  await waitForRows(page);
  return page;
}

const rows = (page: Page) => page.locator('.event-row[data-event-id]');

async function waitForRows(page: Page): Promise<void> {
  await expect.poll(() => rows(page).count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

/** Kind cells and texts of the rows in the DOM (the windowed table shows ~20). */
async function visibleRows(page: Page): Promise<{ kind: string; text: string }[]> {
  return rows(page).evaluateAll((list) =>
    list.map((row) => ({
      kind: row.children[2]?.textContent ?? '',
      text: row.children[4]?.textContent ?? '',
    })),
  );
}

/**
 * Searches; the rows shown contain the words unless they were searched in the other language
 * (a Japanese word finds an event that an English screen shows in English).
 */
async function search(page: Page, text: string, sameLanguage = true): Promise<void> {
  await page.locator('#log-search').fill(text);
  await page.locator('#log-search').press('Enter');
  await expect
    .poll(
      async () =>
        (await visibleRows(page)).every(
          (r) => !sameLanguage || r.text.toLowerCase().includes(text.toLowerCase()),
        ),
      {
        timeout: 10_000,
      },
    )
    .toBe(true);
}

async function countShown(page: Page): Promise<number> {
  return Number(await page.locator('.logs-count').getAttribute('data-rows'));
}

async function reportPdf(page: Page, name: string): Promise<string> {
  await page.emulateMedia({ media: 'print' });
  const pdfPath = join(ARTIFACTS, name);
  writeFileSync(pdfPath, await page.pdf({ format: 'A4', printBackground: true }));
  await page.emulateMedia({ media: 'screen' });
  return execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'genba-logs-e2e-'));
  dbPath = join(tmp, 'demo.sqlite');
  ensureRendererBuilt();
  demoHistory(dbPath, 90);
  const db = new Database(dbPath, { readonly: true });
  const count = (sql: string, ...args: unknown[]) =>
    (db.prepare(sql).get(...args) as { n: number }).n;
  truth = {
    robotNames: (db.prepare('SELECT name FROM robots ORDER BY id').all() as { name: string }[]).map(
      (r) => r.name,
    ),
    faults: count("SELECT count(*) AS n FROM events WHERE kind = 'fault'"),
    collision: count(
      "SELECT count(*) AS n FROM events WHERE (text || coalesce(text_ja, '')) LIKE '%collision%'",
    ),
    overheatingJa: count(
      "SELECT count(*) AS n FROM events WHERE (text || coalesce(text_ja, '')) LIKE '%過熱しています%'",
    ),
    collisionJa2: count(
      "SELECT count(*) AS n FROM events WHERE (text || coalesce(text_ja, '')) LIKE '%衝突%'",
    ),
  };
  db.close();
  [genba, browser] = await Promise.all([
    startGenba(['--no-demo', '--db', dbPath, '--kiosk-role', 'supervisor']),
    launchChromium(),
  ]);
}, 12 * 60_000);

beforeEach(() => {
  consoleErrors = [];
});

afterAll(async () => {
  await browser?.close();
  await genba?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Logs area in Chromium over a genba demo history', () => {
  test('English: filter, search, telemetry around an event, zoom, export, open a copied file', async () => {
    expect(truth.faults).toBeGreaterThan(0);
    // The searches below mean something only if the history holds what they look for.
    expect(Math.min(truth.collision, truth.overheatingJa, truth.collisionJa2)).toBeGreaterThan(0);
    const page = await openLogs('en-US');
    // The timeline shows every robot with state bands and the faults as marks.
    for (const name of truth.robotNames) {
      await page
        .locator('.timeline__label', { hasText: name.slice(0, 8) })
        .first()
        .waitFor();
    }
    await expect.poll(() => page.locator('.timeline__mark--fault').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'logs-en.png') });

    // Filter: faults only — every row is a fault, and the count is the history's.
    await page.getByRole('group', { name: 'Kind' }).getByRole('button', { name: 'Fault' }).click();
    await expect
      .poll(async () => (await visibleRows(page)).every((r) => r.kind === 'Fault'))
      .toBe(true);
    await expect.poll(() => countShown(page)).toBe(truth.faults);

    // Keyboard: the table moves its selection; the detail follows.
    await rows(page).first().click();
    await page.locator('.event-table__scroller').press('ArrowDown');
    const second = await rows(page).nth(1).getAttribute('data-event-id');
    await expect
      .poll(() => page.locator('.logs-detail__facts').getAttribute('data-event-id'))
      .toBe(second);

    // One click: the telemetry around that fault, at full rate, with the event marked.
    await page.getByRole('button', { name: 'Telemetry around this event' }).click();
    const around = page.locator('.around .range-plot__canvas');
    await expect
      .poll(() => around.getAttribute('data-points'), { timeout: 15_000 })
      .toMatch(/^[1-9]\d*$/);
    expect(await page.locator('.around').getAttribute('data-event-id')).toBe(second);
    await page.locator('.around').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'logs-around-en.png') });
    await page.getByRole('group', { name: 'Kind' }).getByRole('button', { name: 'Fault' }).click();

    // Search: an English word (FTS trigram).
    await search(page, 'collision');
    await expect.poll(() => countShown(page)).toBe(truth.collision);
    // Japanese, three characters or more (FTS trigram) and two characters (bigram index): on
    // this English screen they find the same events, shown in English.
    await search(page, '過熱しています', false);
    await expect.poll(() => countShown(page)).toBe(truth.overheatingJa);
    await search(page, '衝突', false);
    await expect.poll(() => countShown(page)).toBe(truth.collisionJa2);
    await page.getByRole('button', { name: 'Clear' }).click();
    await waitForRows(page);

    // Zoom a plot: drag across the middle; the plot asks again for the narrower range.
    const plot = page.locator('.telemetry-panel .range-plot__canvas');
    await plot.scrollIntoViewIfNeeded();
    await expect
      .poll(() => plot.getAttribute('data-points'), { timeout: 15_000 })
      .toMatch(/^[1-9]/);
    const before =
      Number(await plot.getAttribute('data-to')) - Number(await plot.getAttribute('data-from'));
    const box = (await page.locator('.telemetry-panel .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(
        async () =>
          Number(await plot.getAttribute('data-to')) - Number(await plot.getAttribute('data-from')),
      )
      .toBeLessThan(before / 5);
    // Wheel zoom in a little more, then the data re-queried for the view.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await expect
      .poll(() => page.locator('.telemetry-panel__info').innerText(), { timeout: 10_000 })
      .toMatch(/points from [\d,]+ samples \((full rate|per-second rollups)\)/);
    await page.screenshot({ path: join(SHOTS, 'logs-plot-en.png') });

    // Export the events the table shows (faults only): the browser downloads a CSV made for a
    // spreadsheet — the byte-order mark Excel needs for Japanese, local time beside UTC.
    const kind = page.getByRole('group', { name: 'Kind' });
    await kind.getByRole('button', { name: 'Fault' }).click();
    await expect.poll(() => countShown(page)).toBe(truth.faults);
    const [events] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Events CSV' }).click(),
    ]);
    const eventsBytes = readFileSync(await events.path());
    expect([...eventsBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const eventsLines = eventsBytes.subarray(3).toString('utf8').trimEnd().split('\n');
    expect(eventsLines[0]).toBe(EVENTS_SPREADSHEET_HEADER);
    expect(eventsLines.length - 1).toBe(truth.faults);
    expect(eventsLines.slice(1).every((line) => line.split(',')[5] === 'fault')).toBe(true);
    expect(events.suggestedFilename()).toMatch(/^genba-events-.*\.csv$/);
    await kind.getByRole('button', { name: 'Fault' }).click();
    // Full-rate telemetry of the whole history is more than a browser download may take: five
    // minutes of it (a custom range).
    // Anchor the window to the history itself (not to the clock: "last 24 h" starts a day ago).
    await page.locator('.logs-filters select').first().selectOption('all');
    await expect
      .poll(() => page.locator('.logs-filters__range').getAttribute('data-from'))
      .not.toBe(String(Number.NaN));
    // The whole-log bounds are hour-aligned (rollup blocks), so the data may begin up to an hour
    // after `data-from`; the middle of the 90-minute history is always inside it.
    const range = page.locator('.logs-filters__range');
    const from = Number(await range.getAttribute('data-from'));
    const to = Number(await range.getAttribute('data-to'));
    const local = (ms: number) => {
      const d = new Date(ms);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
    await page.locator('.logs-filters select').first().selectOption('custom');
    const start = Math.floor((from + to) / 2 / 60_000) * 60_000;
    await page.getByLabel('To', { exact: true }).fill(local(start + 5 * 60_000));
    await page.getByLabel('From', { exact: true }).fill(local(start));
    await expect
      .poll(() => page.locator('.logs-filters__range').getAttribute('data-from'))
      .toBe(String(start));
    const [telemetry] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Telemetry CSV' }).click(),
    ]);
    const telemetryCsv = readFileSync(await telemetry.path(), 'utf8');
    expect(telemetryCsv.split('\n')[0]).toBe(TELEMETRY_CSV_HEADER);
    expect(telemetryCsv.split('\n').length).toBeGreaterThan(1000);
    await page.getByText(/Downloaded genba-telemetry-.*\.csv/).waitFor();

    // Open log file…: a copy from "another site", read-only, with a banner and a way back.
    const other = join(tmp, 'site-b.sqlite');
    copyFileSync(dbPath, other);
    const hash = createHash('sha256').update(readFileSync(other)).digest('hex');
    await page.getByRole('button', { name: 'Open log file…' }).click();
    await page.getByLabel('Path of a log file copied from another site').fill(other);
    await page.getByRole('button', { name: 'Open read-only' }).click();
    await page.getByText('Viewing site-b.sqlite (read-only)').waitFor();
    await page.locator('.logs-filters select').first().selectOption('all');
    await waitForRows(page);
    await page.screenshot({ path: join(SHOTS, 'logs-open-file-en.png') });
    // Another screen still says which log is open; coming back, Logs still shows that file.
    await page.locator('nav a[data-area="robots"]').click();
    await page
      .locator('.viewing-banner', { hasText: 'Viewing site-b.sqlite (read-only)' })
      .waitFor();
    await page.screenshot({ path: join(SHOTS, 'logs-open-file-robots-en.png') });
    await page.locator('nav a[data-area="logs"]').click();
    await page.getByText('Viewing site-b.sqlite (read-only)').waitFor();
    await page.getByRole('button', { name: 'Back to this terminal’s log' }).click();
    // Going back closes the private copy and reloads the bounds: a round trip that can take more
    // than the default second on a busy machine.
    await expect.poll(() => page.locator('.viewing-banner').count(), { timeout: 10_000 }).toBe(0);
    expect(createHash('sha256').update(readFileSync(other)).digest('hex')).toBe(hash);

    expect(consoleErrors).toEqual([]);
    await page.context().close();
  }, 180_000);

  test('shift report page and PDF in English and Japanese; Japanese Logs area', async () => {
    for (const [locale, lang] of [
      ['en-US', 'en'],
      ['ja-JP', 'ja'],
    ] as const) {
      const page = await openLogs(locale);
      if (lang === 'ja') {
        await search(page, '衝突');
        await expect.poll(() => countShown(page)).toBe(truth.collisionJa2);
        await page.screenshot({ path: join(SHOTS, 'logs-ja.png') });
        await page.locator('#log-search').fill('');
        await page.locator('#log-search').press('Enter');
        // Every line Genba wrote reads in Japanese; only people's own notes (操作) stay as typed.
        await waitForRows(page);
        const shown = await visibleRows(page);
        const english = shown.filter(
          (r) => r.kind !== '操作' && !/[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/.test(r.text),
        );
        expect(english).toEqual([]);
      }
      await page
        .locator('.logs__actions a', { hasText: lang === 'en' ? 'Shift report' : 'シフトレポート' })
        .click();
      const report = page.locator('.report[data-report-ready]');
      await report.waitFor({ timeout: 15_000 });
      for (const name of truth.robotNames) await report.getByText(name).first().waitFor();
      const faults = await report.locator('[data-figure="faults"]').innerText();
      expect(Number(faults)).toBe(truth.faults);
      const uptimes = await report.locator('tbody tr[data-robot] td:nth-child(2)').allInnerTexts();
      expect(uptimes.every((u) => /^\d+\.\d %$/.test(u))).toBe(true);
      await page.screenshot({ path: join(SHOTS, `logs-report-${lang}.png`), fullPage: true });

      const text = await reportPdf(page, `logs-report-${lang}.pdf`);
      // Robot names (pdftotext may break a long name over two cells: check each word).
      for (const name of truth.robotNames) {
        for (const word of name.split(/[\s()]+/).filter((w) => w.length > 1)) {
          expect(text).toContain(word);
        }
      }
      expect(text).toContain(lang === 'en' ? 'Shift report' : 'シフトレポート');
      expect(text).toMatch(new RegExp(`\\b${faults}\\b`));
      for (const uptime of uptimes) expect(text).toContain(uptime);
      // The shell (navigation, status bar) is not printed.
      expect(text).not.toContain(lang === 'en' ? 'Audit trail' : '監査');
      await page.context().close();
    }
    expect(consoleErrors).toEqual([]);
  }, 180_000);
});
