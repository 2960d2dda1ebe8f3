/**
 * The UI end to end: the real `genba serve` (real SQLite file, real WebSocket API with its token)
 * driven in Debian's Chromium through the UI itself — navigation, language switch, persistence,
 * keyboard use, the cannot-connect state — with screenshots for people to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureRendererBuilt, startGenba, type RunningGenba } from './genba-server';
import { SHOTS, launchChromium } from './chromium';

type Lang = 'en' | 'ja';
type Area = 'robots' | 'diagnostics' | 'teach' | 'logs' | 'sync' | 'settings';

/** What a person must see in each area, written out by hand (not read from the dictionaries). */
const EXPECT: Record<Lang, Record<Area, { nav: string; text: string[] }>> = {
  en: {
    robots: {
      nav: 'Robots',
      text: ['No robot is connected', 'USB adapter', 'genba serve --demo'],
    },
    diagnostics: { nav: 'Diagnostics', text: ['Active alerts', 'Emergency stop'] },
    teach: { nav: 'Teach', text: ['Show the robot a task by hand', 'No arm is connected'] },
    logs: { nav: 'Logs', text: ['Search the log', 'started'] },
    sync: { nav: 'Sync', text: ['Donate anonymized', 'Not set up'] },
    settings: { nav: 'Settings', text: ['Language', 'About', 'Version'] },
  },
  ja: {
    robots: {
      nav: 'ロボット',
      text: ['ロボットが接続されていません', 'USB アダプター', 'genba serve --demo'],
    },
    diagnostics: { nav: '診断', text: ['発生中のアラート', '非常停止'] },
    teach: {
      nav: 'ティーチング',
      text: ['手で動かしてロボットに作業を教え', '接続中のアームがありません'],
    },
    logs: { nav: 'ログ', text: ['ログを検索', '起動しました'] },
    sync: { nav: '同期', text: ['匿名化した稼働データ', '未設定'] },
    settings: { nav: '設定', text: ['表示言語', 'このアプリについて', 'バージョン'] },
  },
};
const AREAS = Object.keys(EXPECT.en) as Area[];

let tmp: string;
let genba: RunningGenba;
let browser: Browser;
/** Console errors and uncaught exceptions of every page opened by the current test. */
let consoleErrors: string[] = [];

async function newPage(
  locale = 'en-US',
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  return { context, page };
}

const connection = (page: Page) => page.locator('[role="status"] [data-status="connection"]');

async function openConnected(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect.poll(() => connection(page).getAttribute('data-tone')).toBe('ok');
}

async function visit(page: Page, lang: Lang, area: Area): Promise<void> {
  const { nav, text } = EXPECT[lang][area];
  await page.locator('nav.nav').getByRole('link', { name: nav, exact: true }).click();
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/${area}`);
  const link = page.locator(`nav a[data-area="${area}"]`);
  await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
  await expect.poll(() => page.locator('h1').first().innerText()).toBe(nav);
  for (const snippet of text) {
    await page.getByText(snippet).first().waitFor({ state: 'visible', timeout: 10_000 });
  }
  // Nothing user-visible from the other language's navigation is left behind.
  const other: Lang = lang === 'en' ? 'ja' : 'en';
  const navText = await page.locator('nav.nav').innerText();
  expect(navText).not.toContain(EXPECT[other].settings.nav);
  await page.screenshot({ path: join(SHOTS, `${lang}-${area}.png`) });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'genba-ui-e2e-'));
  ensureRendererBuilt();
  [genba, browser] = await Promise.all([
    // A kiosk admin sees every area; sign-in itself is tested in auth.e2e.test.ts.
    startGenba(['--no-demo', '--db', join(tmp, 'genba.sqlite'), '--kiosk-role', 'admin']),
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

describe('Genba UI in Chromium', () => {
  test('every area in English, then in Japanese chosen in Settings; the choice survives reloads', async () => {
    const { context, page } = await newPage('en-US');
    await openConnected(page, genba.url);
    // No language stored yet: the browser locale (en-US) decides.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The token left the address bar and the default area is shown.
    expect(page.url()).not.toContain('token=');

    const status = page.getByRole('status');
    await expect.poll(() => status.innerText()).toContain('Connected');
    expect(await status.innerText()).toMatch(/Database[\s\S]*OK[\s\S]*schema v\d+/);
    expect(await status.innerText()).toMatch(/0 \/ 0 connected/);

    for (const area of AREAS) await visit(page, 'en', area);

    // Switch to Japanese through Settings.
    await page.getByRole('radio', { name: '日本語' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await page.getByText('表示言語を保存しました。').waitFor();
    expect(await status.innerText()).toContain('接続済み');

    for (const area of AREAS) await visit(page, 'ja', area);

    // Reload: still Japanese.
    await page.reload();
    await expect.poll(() => connection(page).getAttribute('data-tone')).toBe('ok');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await page.locator('h1').first().innerText()).toBe('設定');
    await context.close();

    // A fresh browser profile with an English locale: the server remembered the choice.
    const fresh = await newPage('en-US');
    await openConnected(fresh.page, genba.url);
    await expect.poll(() => fresh.page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await fresh.page.locator('nav.nav').getByRole('link', { name: 'ロボット' }).waitFor();

    // Back to English for the rest of the run, again through the UI.
    await visit(fresh.page, 'ja', 'settings');
    await fresh.page.getByRole('radio', { name: 'English' }).click();
    await expect.poll(() => fresh.page.evaluate(() => document.documentElement.lang)).toBe('en');
    await fresh.context.close();

    expect(consoleErrors).toEqual([]);
  });

  test('keyboard: skip link, arrow keys/Home/End in the navigation, visible focus, focus follows navigation', async () => {
    const { context, page } = await newPage('en-US');
    await openConnected(page, genba.url);
    await ensureLanguage(page, 'en');
    // The navigation appears once the session has arrived, which can be after the connection.
    await page.locator('nav a[data-area="robots"][tabindex="0"]').waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.id || el?.dataset.area || el?.textContent || '';
      });

    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('main');

    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('robots'); // the nav is one tab stop: the current area
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);

    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('diagnostics');
    await page.keyboard.press('End');
    expect(await focused()).toBe('settings');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('robots');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('settings');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('sync');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('logs');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/logs');
    expect(await page.locator('nav a[data-area="logs"]').getAttribute('aria-current')).toBe('page');
    expect(await focused()).toBe('area-heading');
    // The Logs area's controls come in order (its actions, the range, the robot, the search).
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.id)) === 'log-search') break;
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('log-search');

    // Search runs on the server (FTS): a word from the start-up event finds it, nonsense finds nothing.
    await page.keyboard.type('started');
    await page.keyboard.press('Enter');
    await page.locator('.event-row[data-event-id]').first().waitFor();
    await page.locator('#log-search').fill('zzqxnothing');
    await page.getByText('No events match').waitFor();

    // Every control in every area is at least 48 × 48 px (radio inputs: their label is the target).
    for (const area of AREAS) {
      await visitByKeyboardless(page, area);
      const small = await page.evaluate(() =>
        Array.from(document.querySelectorAll('a, button, input, .choice'))
          .map((el) =>
            el instanceof HTMLInputElement ? (el.closest('label, .search__field') ?? el) : el,
          )
          .map((el) => ({ el, box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.width < 48 || box.height < 48))
          .map(({ el, box }) => `${el.outerHTML.slice(0, 80)} ${box.width}×${box.height}`),
      );
      expect(small, area).toEqual([]);
    }
    await context.close();
    expect(consoleErrors).toEqual([]);
  });

  test('fits a 1024 × 600 touch panel in both languages', async () => {
    for (const lang of ['en', 'ja'] as const) {
      const { context, page } = await newPage(lang === 'ja' ? 'ja-JP' : 'en-US', {
        width: 1024,
        height: 600,
      });
      await openConnected(page, genba.url);
      await ensureLanguage(page, lang);
      for (const area of ['robots', 'logs', 'settings'] as const) {
        await visitByKeyboardless(page, area);
        const overflow = await page.evaluate(() => ({
          x: document.documentElement.scrollWidth > window.innerWidth,
          statusHeight: document.querySelector('[role="status"]')?.getBoundingClientRect().height,
        }));
        expect(overflow.x).toBe(false);
        expect(overflow.statusHeight).toBeLessThanOrEqual(64);
        await page.screenshot({ path: join(SHOTS, `touch-1024x600-${lang}-${area}.png`) });
      }
      await context.close();
    }
    expect(consoleErrors).toEqual([]);
  });

  test('a wrong token shows a clear "cannot connect" state, not a blank page', async () => {
    const { context, page } = await newPage('en-US');
    const wrong = genba.url.replace(/token=[^&]+/, 'token=not-the-right-token');
    await page.goto(wrong);
    await expect
      .poll(() => connection(page).innerText(), { timeout: 15_000 })
      .toContain('Cannot connect');
    await page.getByRole('heading', { name: 'Cannot connect to Genba' }).waitFor();
    expect(await page.getByText('genba serve').first().isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Reload page' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'en-cannot-connect.png') });
    await context.close();
  });

  test('demo facility: the status bar shows DEMO; when the service stops it says so', async () => {
    const demo = await startGenba(['--demo', '--db', join(tmp, 'demo.sqlite')]);
    try {
      const { context, page } = await newPage('ja-JP');
      await openConnected(page, demo.url);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
      const badge = page.locator('[role="status"] [data-status="demo"]');
      await badge.waitFor();
      expect(await badge.innerText()).toContain('デモ');
      await page.screenshot({ path: join(SHOTS, 'ja-demo-robots.png') });
      expect(consoleErrors).toEqual([]);

      // The service goes away: "reconnecting", then an honest "cannot connect" page.
      await demo.stop();
      await expect.poll(() => connection(page).innerText()).toContain('再接続しています');
      await page.getByRole('heading', { name: 'Genba に接続できません' }).waitFor({
        timeout: 30_000,
      });
      await page.screenshot({ path: join(SHOTS, 'ja-cannot-connect.png') });
      await context.close();
    } finally {
      await demo.stop();
    }
  });
});

/** Makes sure the UI is in `lang`, switching in Settings if an earlier test left the other one. */
async function ensureLanguage(page: Page, lang: Lang): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current === lang) return;
  await visitByKeyboardless(page, 'settings');
  await page.getByRole('radio', { name: lang === 'ja' ? '日本語' : 'English' }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
  await visitByKeyboardless(page, 'robots');
  await page.reload();
  await expect.poll(() => connection(page).getAttribute('data-tone')).toBe('ok');
}

/** Navigates by hash, for checks that are not about the navigation itself. */
async function visitByKeyboardless(page: Page, area: Area): Promise<void> {
  await page.evaluate((target) => (window.location.hash = `#/${target}`), area);
  await page.locator(`nav a[data-area="${area}"][aria-current="page"]`).waitFor();
}
