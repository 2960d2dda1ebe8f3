/**
 * Teaching end to end in Debian's Chromium against the real `genba serve --demo`: a technician
 * teaches a pick-and-place by hand-guiding the simulated OpenManipulator-X (a scripted hand moves
 * the simulator's joints with setExternalHand while torque is off), sees the steps, renames one,
 * slows one down, previews, validates, runs it, and finds the run in the log — in English and
 * Japanese, with screenshots. A program that breaks a joint limit is refused with the step and the
 * limit named and the arm does not move; an emergency stop during playback leaves every joint of
 * the simulator with torque off.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureRendererBuilt, startGenba, type RunningGenba } from './genba-server';
import { SHOTS, launchChromium } from './chromium';

type Lang = 'en' | 'ja';

/** What a person reads, written out by hand. */
const TEXT = {
  en: {
    heading: 'Teach',
    start: 'Start hand-guiding',
    hand: 'Demo: guide the arm for me',
    handBusy: 'The demo hand is guiding the arm…',
    finish: 'Finish and make steps',
    made: /Made \d+ steps from \d+ s of demonstration/,
    renamed: 'Start by the tray',
    ok: 'No problems found. The task can run.',
    run25: 'Run at 25 % speed',
    finished: /Finished: “.*” ran to the end\./,
    taskName: 'Tray pick and place',
    logLine: (task: string) => `task "${task}" finished`,
    logs: 'Logs',
    refused:
      /1 problem\(s\) must be fixed before the task can run\. Step 2: Shoulder \(joint2\) would go to 114\.6°, outside its limit -102\.6° … 90\.0°\./,
    stepIssue: /Step 2: Shoulder \(joint2\) would go to 114\.6°, outside its limit/,
    stopped: /Stopped: “.*” at step \d+ \(emergency stop/,
    simOff: 'Simulator: torque on 0 of 5 joints',
  },
  ja: {
    heading: 'ティーチング',
    start: '手で教える',
    hand: 'デモ：代わりに動かす',
    handBusy: 'デモの手がアームを動かしています…',
    finish: '終了して手順を作る',
    made: /\d+ 秒の動きから \d+ 個の手順を作りました/,
    renamed: 'トレイの横から開始',
    ok: '問題はありません。実行できます。',
    run25: '25 % の速さで実行',
    finished: /完了：「.*」を最後まで実行しました。/,
    taskName: 'トレイのピック・アンド・プレース',
    logLine: (task: string) => `タスク「${task}」が完了しました`,
    logs: 'ログ',
    refused: /Not started/,
    stepIssue: /手順 2：肩（joint2）が 114\.6° になり、可動範囲 -102\.6° 〜 90\.0° を超えます。/,
    stopped: /停止：「.*」は手順 \d+ で止まりました（emergency stop/,
    simOff: 'シミュレータ：トルクオンの関節 0 / 5',
  },
} as const;

let tmp: string;
let genba: RunningGenba;
let browser: Browser;
let consoleErrors: string[] = [];

async function newPage(lang: Lang): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return { context, page };
}

async function passFirstRunSetup(): Promise<void> {
  const { context, page } = await newPage('en');
  await page.goto(genba.url);
  const setup = page.locator('section[aria-labelledby="setup-title"]');
  await setup.or(page.locator('main h1').first()).first().waitFor({ timeout: 20_000 });
  if (await setup.isVisible()) {
    const inputs = setup.locator('input');
    await inputs.nth(0).fill('Test Admin');
    await inputs.nth(1).fill('testadmin');
    await inputs.nth(2).fill('correct-horse-battery');
    await inputs.nth(3).fill('correct-horse-battery');
    await setup.locator('button[type="submit"]').click();
    await setup.waitFor({ state: 'detached', timeout: 10_000 });
  }
  await context.close();
}

async function openTeach(page: Page, lang: Lang): Promise<void> {
  await page.goto(genba.url);
  await page.locator('main h1').first().waitFor({ timeout: 20_000 });
  await page.evaluate(() => {
    window.location.hash = '#/teach';
  });
  await page.locator('main h1', { hasText: TEXT[lang].heading }).first().waitFor();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
}

async function shot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(
    () => (document.getElementById('main')?.scrollHeight ?? 900) + 120,
  );
  await page.setViewportSize({ width: 1400, height: Math.min(Math.max(height, 900), 4000) });
  await page.screenshot({ path: join(SHOTS, `teach-${name}.png`) });
  await page.setViewportSize({ width: 1400, height: 900 });
}

/** The emergency stop is fully on screen, at least 64 px tall (touch), wherever the page is scrolled. */
async function estopInView(page: Page): Promise<boolean> {
  const box = await page.getByTestId('emergency-stop').first().boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return (
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= size.width &&
    box.y + box.height <= size.height &&
    box.height >= 64
  );
}

async function jointTexts(page: Page): Promise<string> {
  return (await page.locator('.teach-jog__row output').allInnerTexts()).join('|');
}

/** Hand-guides the demo arm with the scripted hand and waits for the steps. */
async function teachByHand(page: Page, lang: Lang): Promise<number> {
  const text = TEXT[lang];
  await page.getByTestId('task-name').fill(text.taskName);
  await page.getByRole('button', { name: text.start }).click();
  await page.getByTestId('record-status').waitFor();
  await page.getByRole('button', { name: text.hand }).click();
  await expect
    .poll(() => page.getByTestId('record-status').innerText(), { timeout: 10_000 })
    .toBe(text.handBusy);
  await shot(page, `${lang}-1-hand-guiding`);
  await expect
    .poll(() => page.getByTestId('record-status').innerText(), { timeout: 90_000 })
    .not.toBe(text.handBusy);
  await page.getByRole('button', { name: text.finish }).click();
  await expect
    .poll(() => page.getByTestId('teach-note').innerText(), { timeout: 60_000 })
    .toMatch(text.made);
  const steps = page.getByTestId('teach-step');
  const count = await steps.count();
  return count;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'genba-teach-e2e-'));
  ensureRendererBuilt();
  [genba, browser] = await Promise.all([
    startGenba(['--demo', '--kiosk-role', 'technician', '--db', join(tmp, 'genba.sqlite')]),
    launchChromium(),
  ]);
  await passFirstRunSetup();
}, 12 * 60_000);

beforeEach(() => {
  consoleErrors = [];
});

afterAll(async () => {
  await browser?.close();
  await genba?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Teach in Chromium against the demo facility', () => {
  for (const lang of ['en', 'ja'] as const) {
    test(`${lang}: teach a pick-and-place by hand, edit, preview, check, run, find the run in the log`, async () => {
      const text = TEXT[lang];
      const { context, page } = await newPage(lang);
      await openTeach(page, lang);
      const count = await teachByHand(page, lang);
      // A pick-and-place of 10 scripted steps: no more than 15, with a grasp and a release.
      expect(count).toBeGreaterThanOrEqual(6);
      expect(count).toBeLessThanOrEqual(15);
      expect(await page.locator('[data-testid="teach-step"][data-kind="gripper"]').count()).toBe(2);
      await shot(page, `${lang}-2-steps`);

      // Rename the first step and slow the second one down.
      const names = page.getByTestId('step-name');
      await names.first().fill(text.renamed);
      const second = page.getByTestId('teach-step').nth(1);
      await second.getByTestId('step-speed').selectOption('0.1');
      await expect.poll(() => names.first().inputValue()).toBe(text.renamed);

      // Preview.
      await page.getByTestId('preview-play').click();
      await expect
        .poll(() => page.getByTestId('preview-step').innerText(), { timeout: 10_000 })
        .not.toBe('');
      await shot(page, `${lang}-3-preview`);

      // Check, then run at the reduced starting speed.
      await page.getByTestId('validate').click();
      await expect.poll(() => page.getByTestId('check-result').innerText()).toBe(text.ok);
      const run = page.getByRole('button', { name: text.run25 });
      await expect(run.isEnabled()).resolves.toBe(true);
      if (lang === 'ja') await page.getByTestId('run-speed').selectOption('1'); // the second run may go at full speed
      await page.getByTestId('run-task').click();
      await page.getByTestId('run-status').waitFor({ timeout: 10_000 });
      await shot(page, `${lang}-4-running`);
      await expect
        .poll(() => page.getByTestId('run-outcome').getAttribute('data-outcome'), {
          timeout: 240_000,
          interval: 1000,
        })
        .toBe('succeeded');
      expect(await page.getByTestId('run-outcome').innerText()).toMatch(text.finished);
      await page.getByTestId('save-task').click();
      await page
        .locator('[data-testid="library-task"]', { hasText: text.taskName })
        .first()
        .waitFor();
      await shot(page, `${lang}-5-done`);

      // The run is in the log.
      await page.evaluate(() => {
        window.location.hash = '#/logs';
      });
      await page.locator('main h1', { hasText: text.logs }).first().waitFor();
      const search = page.locator('#log-search');
      await search.fill(text.taskName);
      await search.press('Enter');
      const row = page.locator('.event-row__text', { hasText: text.logLine(text.taskName) });
      try {
        await row.first().waitFor({ timeout: 30_000 });
      } finally {
        await shot(page, `${lang}-6-log`);
      }
      expect(consoleErrors).toEqual([]);
      await context.close();
    }, 600_000);
  }

  test('a program that breaks a joint limit is refused with the step and the limit named, and the arm does not move', async () => {
    const { context, page } = await newPage('en');
    await openTeach(page, 'en');
    const program = {
      format: 'genba-task',
      version: 2,
      name: 'Too far down',
      robotProfile: 'openmanipulator-x',
      createdMs: 0,
      steps: [
        {
          kind: 'move',
          id: 'a',
          name: { en: 'Start', ja: '開始' },
          joints: { joint1: 0, joint2: -1, joint3: 0.3, joint4: 0.7 },
          path: 'joint',
          speed: 0.5,
          acceleration: 0.5,
        },
        {
          kind: 'move',
          id: 'b',
          name: { en: 'Too low', ja: '低すぎ' },
          joints: { joint1: 0.5, joint2: 2.0, joint3: 0.3, joint4: 0.7 },
          path: 'joint',
          speed: 0.5,
          acceleration: 0.5,
        },
      ],
    };
    await page.getByTestId('import-task').setInputFiles({
      name: 'too-far.genba-task.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(program)),
    });
    const item = page.locator('[data-testid="library-task"]', { hasText: 'Too far down' });
    await item.waitFor();
    await item.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.getByTestId('teach-step').count()).toBe(2);
    await expect.poll(() => jointTexts(page), { timeout: 10_000 }).not.toMatch(/—/);
    const before = await jointTexts(page);
    await page.getByTestId('run-task').click();
    await expect.poll(() => page.getByTestId('teach-note').innerText()).toMatch(TEXT.en.refused);
    await expect
      .poll(() => page.getByTestId('teach-step').nth(1).getByTestId('step-issue').innerText())
      .toMatch(TEXT.en.stepIssue);
    expect(await page.getByTestId('run-panel').count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await jointTexts(page);
    const diff = before
      .split('|')
      .map((v, i) => Math.abs(parseFloat(v) - parseFloat(after.split('|')[i] ?? 'NaN')));
    expect(Math.max(...diff)).toBeLessThan(0.5);
    await shot(page, 'en-7-limit-refused');
    // The Japanese message names the same step and limit.
    await context.close();
    const ja = await newPage('ja');
    await openTeach(ja.page, 'ja');
    const jaItem = ja.page.locator('[data-testid="library-task"]', { hasText: 'Too far down' });
    await jaItem.getByRole('button', { name: '開く' }).click();
    await ja.page.getByTestId('validate').click();
    await expect
      .poll(() => ja.page.getByTestId('teach-step').nth(1).getByTestId('step-issue').innerText())
      .toMatch(TEXT.ja.stepIssue);
    await shot(ja.page, 'ja-7-limit-refused');
    await ja.context.close();
  }, 120_000);

  test('an emergency stop during playback stops every joint (the simulator reports torque off)', async () => {
    const { context, page } = await newPage('en');
    await openTeach(page, 'en');
    const item = page
      .locator('[data-testid="library-task"]', { hasText: TEXT.en.taskName })
      .first();
    await item.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.getByTestId('teach-step').count()).toBeGreaterThan(3);
    await page.getByTestId('run-task').click();
    await page.getByTestId('run-status').waitFor({ timeout: 10_000 });
    // The run controls are far down the page: the e-stop stays in view beside them, on a
    // 1280×800 touch terminal and a 1366×768 laptop.
    for (const [width, height] of [
      [1280, 800],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('run-status').scrollIntoViewIfNeeded();
      expect(
        await page.evaluate(() => document.getElementById('main')?.scrollTop ?? 0),
      ).toBeGreaterThan(0);
      expect(await estopInView(page)).toBe(true);
    }
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await page.getByTestId('emergency-stop').first().click();
    await expect
      .poll(() => page.getByTestId('run-outcome').getAttribute('data-outcome'), { timeout: 20_000 })
      .toBe('aborted');
    expect(await page.getByTestId('run-outcome').innerText()).toMatch(TEXT.en.stopped);
    await expect
      .poll(() => page.getByTestId('sim-torque').innerText(), { timeout: 5000 })
      .toBe(TEXT.en.simOff);
    await shot(page, 'en-8-emergency-stop');
    await context.close();
  }, 120_000);
});
