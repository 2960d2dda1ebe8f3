/**
 * The robots UI end to end: the real `genba serve --demo` (in-process simulated OpenManipulator-X
 * and Robotiq 2F-85 speaking real Dynamixel 2.0 / Modbus RTU bytes) driven in Debian's Chromium
 * through the UI — care-staff cards in both languages, the technician's arm page (live joints,
 * live plot, control table with the EEPROM lock, packet console), the emergency stop, and the
 * connect flow with a bus scan — with screenshots for people to look at.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startSim, type RunningSim } from '../helpers/genba-process';
import { startPtyPair, type PtyPair } from '../helpers/socat-pair';
import { ROOT, ensureRendererBuilt, startGenba, type RunningGenba } from './genba-server';
import { SHOTS, launchChromium } from './chromium';

const README_SHOT = join(ROOT, 'assets/screenshots/robots-ja.png');

type Lang = 'en' | 'ja';

/** What a person must read, written out by hand (not taken from the dictionaries). */
const TEXT = {
  en: {
    heading: 'Robots',
    estop: 'Emergency stop',
    careStates: ['OK', 'Working', 'Resting — motors off', 'Needs attention'],
    details: 'Details and tools',
    stopped: 'Stopped: torque off on all joints.',
    locked: 'EEPROM is locked: torque is on for Base.',
    refused: 'The servo refuses EEPROM writes while torque is on.',
    torqueOffFirst: 'Turn torque off on Base first',
    unlocked: 'EEPROM can be written: torque is off for Base.',
    written: 'Written. The servo now reports 75 °C.',
    connect: 'Connect a robot',
  },
  ja: {
    heading: 'ロボット',
    estop: '非常停止',
    careStates: ['正常です', '作業中です', '休止中です（モーター停止）', '確認が必要です'],
    details: '詳細とツール',
    stopped: '停止しました：すべての関節のトルクをオフにしました。',
    locked: 'EEPROM はロックされています：ベースのトルクがオンです。',
    refused: 'トルクがオンの間、サーボは EEPROM への書き込みを受け付けません。',
    torqueOffFirst: '先にベースのトルクをオフにする',
    unlocked: 'EEPROM に書き込めます：ベースのトルクはオフです。',
    written: '書き込みました。サーボの現在の値は 75 °C です。',
    connect: 'ロボットを接続',
  },
} as const;

let tmp: string;
let genba: RunningGenba;
let browser: Browser;
let consoleErrors: string[] = [];
let gripperPair: PtyPair;
let gripperSim: RunningSim;

async function newPage(
  lang: Lang,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport,
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  return { context, page };
}

/**
 * A first launch asks for the administrator account; create it once, in a throwaway tab. Every
 * later tab is a new connection and acts as the kiosk identity (`--kiosk-role technician`),
 * which may use the technician tools (an administrator may not).
 */
async function passFirstRunSetup(): Promise<void> {
  const { context, page } = await newPage('en');
  await page.goto(genba.url);
  const setup = page.locator('section[aria-labelledby="setup-title"]');
  const areas = page.locator('main h1');
  await setup.or(areas.first()).first().waitFor({ timeout: 20_000 });
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

async function open(page: Page, lang: Lang, hash = '#/robots'): Promise<void> {
  await page.goto(genba.url);
  await page.locator('main h1').first().waitFor({ timeout: 20_000 });
  await page.evaluate((target) => {
    window.location.hash = target;
  }, hash);
  if (hash === '#/robots') {
    await page.locator('main h1', { hasText: TEXT[lang].heading }).first().waitFor();
  }
}

function card(page: Page, name: string) {
  return page.locator('article.robot-card', { has: page.locator('h2', { hasText: name }) });
}

/** Screenshot of the whole main area (it scrolls inside the shell, so grow the window). */
async function shot(page: Page, name: string, full = false): Promise<string> {
  const path = join(SHOTS, `robots-${name}.png`);
  if (full) {
    const height = await page.evaluate(() => {
      const main = document.getElementById('main');
      return main ? main.scrollHeight + 120 : 800;
    });
    const size = page.viewportSize() ?? { width: 1280, height: 800 };
    await page.setViewportSize({
      width: size.width,
      height: Math.min(Math.max(height, 800), 4000),
    });
    await page.screenshot({ path });
    await page.setViewportSize(size);
  } else {
    await page.screenshot({ path });
  }
  return path;
}

async function jointPositions(page: Page): Promise<string> {
  return (await page.locator('[data-testid="joint-position"]').allInnerTexts()).join('|');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(join(ROOT, 'assets/screenshots'), { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'genba-robots-e2e-'));
  ensureRendererBuilt();
  [genba, browser] = await Promise.all([
    startGenba(['--demo', '--kiosk-role', 'technician', '--db', join(tmp, 'genba.sqlite')]),
    launchChromium(),
  ]);
  await passFirstRunSetup();
  gripperPair = await startPtyPair(tmp, 'gripper');
  gripperSim = await startSim(['--port', gripperPair.device, '--robot', 'robotiq-2f85']);
}, 12 * 60_000);

beforeEach(() => {
  consoleErrors = [];
});

afterAll(async () => {
  await browser?.close();
  await genba?.stop();
  await gripperSim?.stop();
  await gripperPair?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Robots UI in Chromium against the demo facility', () => {
  test('care staff: one card per demo robot, in plain words, with the emergency stop, in both languages', async () => {
    for (const lang of ['en', 'ja'] as const) {
      const { context, page } = await newPage(lang);
      await open(page, lang);
      const text = TEXT[lang];
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
      for (const name of ['Arm A', 'Gripper A']) {
        const robot = card(page, name);
        await robot.waitFor({ state: 'visible', timeout: 20_000 });
        // State in words (with an icon), never colour alone.
        await expect
          .poll(() => robot.locator('[data-testid="care-state"]').innerText(), { timeout: 20_000 })
          .toMatch(new RegExp(text.careStates.map((s) => s.replace(/[()]/g, '\\$&')).join('|')));
        expect(await robot.locator('[data-testid="care-state"] svg').count()).toBe(1);
        const open = robot.getByRole('link', { name: text.details });
        const box = await open.boundingBox();
        expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
      }
      const estop = page.getByRole('button', { name: text.estop });
      const box = await estop.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(64);
      expect(await page.locator('.estop__hint kbd').count()).toBe(2);
      const path = await shot(page, `${lang}-cards`);
      if (lang === 'ja') copyFileSync(path, README_SHOT);

      // 1024 × 600 panel: the cards and the e-stop still fit side by side, nothing overflows.
      await page.setViewportSize({ width: 1024, height: 600 });
      await expect.poll(() => estop.isVisible()).toBe(true);
      const overflow = await page.evaluate(() => {
        const main = document.getElementById('main');
        return main ? main.scrollWidth - main.clientWidth : 0;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, `${lang}-cards-1024x600`);
      await context.close();
    }
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  test('technician: live joints, live plot, control table with the EEPROM lock, packet console, e-stop', async () => {
    const { context, page } = await newPage('en');
    await open(page, 'en');
    const text = TEXT.en;
    await card(page, 'Arm A').getByRole('link', { name: text.details }).click();
    await page.locator('h1', { hasText: 'Arm A' }).waitFor({ timeout: 20_000 });
    // The header keeps reboot, torque and the e-stop in reach.
    const header = page.locator('.robot-header');
    await header.getByRole('button', { name: 'Reboot' }).waitFor();
    await header.getByRole('button', { name: text.estop }).waitFor();
    expect(await header.getByRole('button', { name: /^Torque (on|off)$/ }).count()).toBe(2);

    // Joints: five rows, live, values moving (the demo arm runs a pick-and-place routine).
    const table = page.locator('[data-testid="joint-table"]');
    await table.waitFor({ timeout: 20_000 });
    await expect.poll(() => table.locator('tbody tr.joint-row').count()).toBe(5);
    await expect
      .poll(() => page.locator('[data-testid="live-badge"]').innerText(), { timeout: 15_000 })
      .toBe('Live');
    const before = await jointPositions(page);
    expect(before).toMatch(/-?\d+\.\d°/);
    await expect.poll(() => jointPositions(page), { timeout: 15_000 }).not.toBe(before);
    expect(await table.innerText()).toMatch(/°C[\s\S]*A[\s\S]*V/);
    await shot(page, 'en-arm-joints', true);

    // Live plot: the newest sample's time keeps advancing.
    await page.locator('.robot-tab[data-tab="plots"]').click();
    const plot = page.locator('[data-testid="plot-positionRad"] .live-plot__canvas');
    await expect.poll(() => plot.getAttribute('data-points'), { timeout: 10_000 }).not.toBe('0');
    const newest = Number(await plot.getAttribute('data-newest'));
    await expect
      .poll(async () => Number(await plot.getAttribute('data-newest')), { timeout: 10_000 })
      .toBeGreaterThan(newest);
    expect(await page.locator('[data-testid="plot-positionRad"] canvas').count()).toBe(1);
    // Add temperature of the base: a second chart with its own unit.
    await page.getByRole('checkbox', { name: 'Base · Temperature' }).check();
    await page.locator('[data-testid="plot-temperatureC"] canvas').waitFor();
    // Pause freezes the picture.
    await page.locator('[data-testid="plots-pause"]').click();
    const frozen = await plot.getAttribute('data-newest');
    await page.waitForTimeout(600);
    expect(await plot.getAttribute('data-newest')).toBe(frozen);
    await page.locator('[data-testid="plots-pause"]').click();
    await expect.poll(() => plot.getAttribute('data-newest'), { timeout: 5_000 }).not.toBe(frozen);
    await shot(page, 'en-arm-plots', true);

    // Control table: read shows Present Temperature; EEPROM write refused with torque on.
    await page.locator('.robot-tab[data-tab="table"]').click();
    const ctable = page.locator('[data-testid="control-table"]');
    await ctable.waitFor({ timeout: 15_000 });
    const temperature = ctable.locator('tr[data-key="presentTemperature"]');
    await expect.poll(() => temperature.innerText()).toMatch(/Present Temperature[\s\S]*\d+ °C/);
    await expect
      .poll(() => page.locator('[data-testid="eeprom-lock"]').innerText())
      .toContain(text.locked);
    const limit = ctable.locator('tr[data-key="temperatureLimit"]');
    await limit.locator('input').fill('75');
    await limit.getByRole('button', { name: 'Write Temperature Limit' }).click();
    await expect
      .poll(() => limit.locator('[data-testid="row-note"]').innerText())
      .toContain(text.refused);
    expect(await page.locator('dialog[open]').count()).toBe(0);
    await shot(page, 'en-arm-table-locked');

    // Torque off first → the EEPROM write is allowed, after a confirmation.
    await page.getByRole('button', { name: text.torqueOffFirst }).click();
    await expect
      .poll(() => page.locator('[data-testid="eeprom-lock"]').innerText(), { timeout: 10_000 })
      .toContain(text.unlocked);
    await limit.getByRole('button', { name: 'Write Temperature Limit' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Temperature Limit[\s\S]*75 °C/);
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await expect
      .poll(() => limit.locator('[data-testid="row-note"]').innerText(), { timeout: 10_000 })
      .toContain(text.written);
    expect(await limit.locator('[data-testid="ct-value"]').innerText()).toBe('75 °C');
    await shot(page, 'en-arm-table-written');

    // Packet console: ping id 11, the decoded reply appears in the history.
    await page.locator('.robot-tab[data-tab="console"]').click();
    const input = page.locator('[data-testid="console-input"]');
    await input.fill('zz');
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Ping ID 11' }).click();
    expect(await input.inputValue()).toBe('FF FF FD 00 0B 03 00 01 19 C6');
    await input.fill('FF FF FD 00 0B 03 00 01');
    await expect
      .poll(() => page.locator('.console__hint').innerText())
      .toContain('Ping · id 11 (CRC added)');
    await page.locator('[data-testid="console-send"]').click();
    const history = page.locator('[data-testid="console-history"]');
    await expect
      .poll(() => history.locator('[data-direction="rx"]').first().innerText(), {
        timeout: 10_000,
      })
      .toMatch(/FF FF FD 00 0B[\s\S]*Status id 11[\s\S]*model 1020 \(XM430-W350\)/);
    expect(await history.locator('[data-direction="tx"]').first().innerText()).toContain(
      'FF FF FD 00 0B 03 00 01 19 C6',
    );
    await shot(page, 'en-arm-console', true);

    // Emergency stop: confirm-free, clear feedback, every joint shows torque off.
    await page.locator('.robot-tab[data-tab="joints"]').click();
    await page.locator('.robot-tab[data-tab="joints"]').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    const feedback = page.locator('.robot-header [data-testid="estop-feedback"]');
    await expect.poll(() => feedback.innerText(), { timeout: 10_000 }).toContain(text.stopped);
    await expect
      .poll(
        async () =>
          (
            await page
              .locator('[data-testid="joint-torque"]')
              .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-on')))
          ).join(','),
        { timeout: 10_000 },
      )
      .toBe('false,false,false,false,false');
    // The button does the same, and says so again.
    await feedback.getByRole('button', { name: 'OK' }).click();
    await header.getByRole('button', { name: text.estop }).click();
    await expect.poll(() => feedback.innerText(), { timeout: 10_000 }).toContain(text.stopped);
    await shot(page, 'en-arm-estop', true);

    await context.close();
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  test('technician pages in Japanese', async () => {
    const { context, page } = await newPage('ja');
    await open(page, 'ja');
    await card(page, 'Arm A').getByRole('link', { name: TEXT.ja.details }).click();
    await page.locator('[data-testid="joint-table"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="joint-table"] thead').innerText()).toMatch(
      /関節[\s\S]*位置[\s\S]*温度[\s\S]*電流[\s\S]*電圧[\s\S]*トルク/,
    );
    await shot(page, 'ja-arm-joints', true);
    await page.locator('.robot-tab[data-tab="plots"]').click();
    await page.locator('[data-testid="plot-positionRad"] canvas').waitFor();
    await page.waitForTimeout(1500);
    await shot(page, 'ja-arm-plots', true);
    await page.locator('.robot-tab[data-tab="table"]').click();
    await page.locator('[data-testid="control-table"]').waitFor({ timeout: 15_000 });
    await shot(page, 'ja-arm-table');
    await page.locator('.robot-tab[data-tab="console"]').click();
    await page.getByRole('button', { name: 'ID 11 に Ping' }).click();
    await page.locator('[data-testid="console-send"]').click();
    await page.locator('[data-testid="console-history"] [data-direction="rx"]').first().waitFor();
    await shot(page, 'ja-arm-console', true);
    // A server refusal reads in Japanese: the code's headline, then the server's specifics.
    await page.evaluate(() => {
      window.location.hash = '#/robots/connect';
    });
    await page.locator('label[data-path="demo:gripper-a"]').click();
    await page.locator('[data-testid="scan-start"]').click();
    const refusal = page.locator('.connect-section [role="alert"]').last();
    await expect.poll(() => refusal.innerText()).toContain('そのポートはすでに使われています。');
    expect(await refusal.innerText()).toContain('in use by Gripper A');
    await shot(page, 'ja-connect-port-in-use', true);
    await context.close();
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  test('connect flow: ports with adapter names, a bus scan with progress, connect from a result', async () => {
    const { context, page } = await newPage('en');
    await open(page, 'en', '#/robots/connect');
    const ports = page.locator('[data-testid="port-list"]');
    await ports.waitFor({ timeout: 15_000 });
    await expect.poll(() => ports.innerText()).toMatch(/demo:arm-a[\s\S]*demo:gripper-a/);
    expect(await ports.innerText()).toContain('In use by Gripper A');
    await shot(page, 'en-connect-ports', true);

    // A port in use cannot be scanned: the server's reason is shown.
    await page.locator('label[data-path="demo:gripper-a"]').click();
    expect(await page.locator('[data-testid="port-path"]').inputValue()).toBe('demo:gripper-a');
    await page.locator('[data-testid="scan-start"]').click();
    await expect
      .poll(() => page.locator('.connect-section [role="alert"]').last().innerText())
      .toContain('in use by Gripper A');

    // A real serial port: a socat PTY pair with `genba sim` as the gripper on its far end.
    // PTYs are not listed (no USB identity), so the path is typed, as a technician may.
    await page.locator('[data-testid="port-path"]').fill(gripperPair.app);
    await page.locator('[data-testid="scan-start"]').click();
    await page.locator('[data-testid="scan-cancel"]').click();
    await expect
      .poll(() => page.locator('[data-testid="scan-progress"]').getAttribute('data-state'), {
        timeout: 20_000,
      })
      .toBe('cancelled');
    await page.locator('[data-testid="scan-start"]').click();
    const progress = page.locator('[data-testid="scan-progress"]');
    await progress.waitFor({ timeout: 10_000 });
    await expect
      .poll(
        async () => `${await progress.getAttribute('data-state')}: ${await progress.innerText()}`,
        { timeout: 60_000 },
      )
      .toMatch(/^finished: /);
    expect(await progress.innerText()).toContain('Scan finished: 1 device(s) found.');
    const results = page.locator('[data-testid="scan-results"]');
    expect(await results.innerText()).toMatch(
      /Modbus RTU · 115,200 baud[\s\S]*Robotiq[\s\S]*IDs 9/,
    );
    await shot(page, 'en-connect-scan', true);

    await results.getByRole('button', { name: 'Connect as Robotiq 2F-85 gripper' }).click();
    await expect
      .poll(() => page.evaluate(() => window.location.hash), { timeout: 15_000 })
      .toMatch(/^#\/robots\/[^/]+$/);
    await page.locator('[data-testid="gripper-status"]').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Activate' }).click();
    await expect
      .poll(() => page.locator('[data-testid="gripper-status"]').innerText(), { timeout: 15_000 })
      .toMatch(/Activated\s*Yes/);
    await shot(page, 'en-gripper', true);
    await context.close();
    expect(consoleErrors).toEqual([]);
  }, 180_000);
});
