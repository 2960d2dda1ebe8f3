/**
 * The Logs area's event table with 1,000,000 events, in Chromium against the real `genba serve`:
 * frame times while scrolling. The page collects requestAnimationFrame timestamps during a
 * scripted scroll (a steady fling through the list, then jumps across it as a dragged scrollbar
 * would), and prints p50/p95/p99 next to a reference measured in the same run: the same scroll
 * over an empty scroller of the same height (the browser's own frame pacing).
 * `node --import tsx tests/bench/log-table.bench.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { bigramInsertSql } from '../../db/migrations/006-event-bigrams';
import { openDatabase } from '../../db/open-database';
import { ensureRendererBuilt, startGenba } from '../e2e/genba-server';

const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const FRAMES = 600;
const T0 = Date.now() - N * 500;
const dir = mkdtempSync(join(tmpdir(), 'genba-bench-table-'));
const dbPath = join(dir, 'events.sqlite');

const started = performance.now();
{
  const { db } = openDatabase(dbPath);
  db.exec(
    'DROP TRIGGER events_fts_insert; DROP TRIGGER events_keep_window; DROP TRIGGER events_bigrams_insert;',
  );
  const insert = db.prepare(
    'INSERT INTO events (t_ms, robot_id, kind, severity, user, text) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const texts = [
    ['state', 'info', 'State: running'],
    ['task', 'info', 'Task succeeded: ピッキング A1 (pick A1)'],
    ['alert', 'warning', 'joint2 is hot (61 °C): joint2が過熱しています。'],
    ['fault', 'error', 'joint3 hardware error 32 (overload): torque off.'],
  ] as const;
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const [kind, severity, text] = texts[(i * 7) % 4 === 3 && i % 50 ? 0 : (i * 7) % 4]!;
      insert.run(T0 + i * 500, `arm-${i % 3}`, kind, severity, null, `${text} #${i}`);
    }
  })();
  db.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')");
  db.exec(bigramInsertSql('1'));
  db.close();
}
console.log(
  `built ${N.toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

/** Scrolls `selector` for FRAMES frames and returns the frame intervals (ms). */
async function scrollFrames(page: Page, selector: string): Promise<number[]> {
  // Plain JavaScript source: tsx's transform would add helpers the page does not have.
  const source = `new Promise((resolve) => {
    const scroller = document.querySelector(${JSON.stringify(selector)});
    const max = scroller.scrollHeight - scroller.clientHeight;
    const frames = ${FRAMES};
    const stamps = [];
    let frame = 0;
    const step = (now) => {
      stamps.push(now);
      if (frame < frames / 2) {
        scroller.scrollTop += 40 * 32; // a steady fling: 40 rows a frame
      } else {
        scroller.scrollTop = (((frame * 7919) % 1000) / 1000) * max; // scrollbar jumps
      }
      frame++;
      if (frame <= frames) requestAnimationFrame(step);
      else resolve(stamps.slice(1).map((t, i) => t - stamps[i]));
    };
    requestAnimationFrame(step);
  })`;
  return page.evaluate<number[]>(source);
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1)! };
}

ensureRendererBuilt();
const genba = await startGenba(['--no-demo', '--db', dbPath, '--kiosk-role', 'supervisor']);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(genba.url);
  await page.locator('nav a[data-area="logs"]').click();
  await page.locator('.logs-filters select').first().selectOption('all');
  await page.waitForFunction(
    (n) => Number(document.querySelector('.event-table')?.getAttribute('data-rows')) >= n,
    N,
    { timeout: 60_000 },
  );
  await page.locator('.event-row[data-event-id]').first().waitFor();
  const rows = Number(await page.locator('.event-table').getAttribute('data-rows'));
  const inDom = await page.locator('.event-row').count();

  const tableFrames = await scrollFrames(page, '.event-table__scroller');
  const table = percentiles(tableFrames);
  const fling = percentiles(tableFrames.slice(0, FRAMES / 2));
  const jumps = percentiles(tableFrames.slice(FRAMES / 2));
  const loaded = await page.locator('.event-row[data-event-id]').count();
  // The same scroll again: the pages are cached now, so no query runs (rendering alone).
  await page.locator('.event-table__scroller').evaluate((e) => (e.scrollTop = 0));
  await page.waitForTimeout(500);
  const warm = percentiles(await scrollFrames(page, '.event-table__scroller'));

  // Reference: the same scroll over an empty scroller of the same height, same browser.
  const height = await page
    .locator('.event-table__spacer')
    .evaluate((e) => (e as HTMLElement).style.height);
  await page.setContent(
    `<div id="s" style="height:388px;overflow:auto"><div style="height:${height}"></div></div>`,
  );
  const reference = percentiles(await scrollFrames(page, '#s'));

  const fmt = (p: ReturnType<typeof percentiles>) =>
    `p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms (max ${p.max.toFixed(1)})`;
  console.log(
    `event table: ${rows.toLocaleString('en')} rows, ${inDom} row elements in the DOM; ${FRAMES} frames (fling then jumps)`,
  );
  console.log(`reference (empty scroller, same height): ${fmt(reference)}`);
  console.log(`event table while scrolling:            ${fmt(table)}`);
  console.log(`  of which the fling (40 rows a frame):   ${fmt(fling)}`);
  console.log(`  and the scrollbar jumps:                ${fmt(jumps)}`);
  console.log(`same scroll again, pages cached:         ${fmt(warm)}`);
  console.log(
    `ratio p95 ${(table.p95 / reference.p95).toFixed(2)}×, p99 ${(table.p99 / reference.p99).toFixed(2)}×; rows loaded in view after the scroll: ${loaded}`,
  );
} finally {
  await browser.close();
  await genba.stop();
  rmSync(dir, { recursive: true, force: true });
}
