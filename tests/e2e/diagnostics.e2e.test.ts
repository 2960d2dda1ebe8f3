/**
 * Diagnostics end to end: the real `genba serve --demo` with the committed default model pack,
 * driven in Debian's Chromium. Overheating is injected into one joint of the simulated
 * OpenManipulator-X (Demo tools); the model's alert must reach the UI — right fault, right joint,
 * raised by the model and not by the servo's own alarm — while the simulated servo has not yet
 * tripped (Hardware Error bit 2 at its 80 °C limit, watched on the robot's joint table). The
 * margin between the two is measured and printed. Care staff see the plain sentence and
 * acknowledge it; the banner shows on other screens and the robot card carries the sentence; the
 * Models page shows the active pack; a bad pack is refused with its reason. Both languages, with
 * screenshots in tests/.artifacts/screenshots/diagnostics-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureRendererBuilt, startGenba, type RunningGenba } from './genba-server';
import { SHOTS, launchChromium } from './chromium';

/** The joint that overheats, and how hard: see the margin discussion in the report. */
const JOINT = 'joint3';
const MAGNITUDE = Number(process.env.GENBA_E2E_OVERHEAT_MAGNITUDE ?? '1');
const CARE = { name: 'Hana Suzuki', user: 'hana', pin: '2580' };

type Lang = 'en' | 'ja';
/** What a person must read, written out by hand (not taken from the dictionaries). */
const TEXT = {
  en: {
    fault: 'Overheating',
    care: 'A joint is getting too hot',
    call: 'The facility technician',
    ack: 'I have seen this',
    seen: 'Seen by hana',
    byModel: 'The model, before the servo’s own alarm',
    active: 'Active',
    signature: 'Ships with Genba (pinned)',
    refused: 'The pack was refused:',
  },
  ja: {
    fault: '過熱',
    care: '関節が熱くなりすぎています',
    call: '施設の技術担当者',
    ack: '確認しました',
    seen: 'hana さんが',
    byModel: 'モデル（サーボ自身のアラームより前）',
    active: '使用中',
    signature: 'Genba 同梱（固定）',
    refused: 'パックは受け付けられませんでした：',
  },
} as const;

let tmp: string;
let genba: RunningGenba;
let browser: Browser;
let admin: Page;
const errors: string[] = [];

async function newPage(lang: Lang): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width: 1280, height: 860 },
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return { context, page };
}

async function go(page: Page, hash: string): Promise<void> {
  if (!page.url().startsWith(genba.url)) {
    await page.goto(genba.url);
    await page.locator('main h1').first().waitFor({ timeout: 20_000 });
  }
  await page.evaluate((target) => (window.location.hash = target), hash);
}

async function shot(page: Page, name: string, full = false): Promise<void> {
  const path = join(SHOTS, `diagnostics-${name}.png`);
  if (!full) {
    await page.screenshot({ path });
    return;
  }
  const size = page.viewportSize() ?? { width: 1280, height: 860 };
  const height = await page.evaluate(
    () => (document.getElementById('main')?.scrollHeight ?? 800) + 80,
  );
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, 860), 4000) });
  await page.screenshot({ path });
  await page.setViewportSize(size);
}

async function tapPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.locator(`.pin-pad__key[data-key="${digit}"]`).click();
  await page.locator('.pin-pad__key--ok').click();
}

/** A kiosk tab (technician) in which the care-staff person signs in with the PIN pad. */
async function careStaffPage(lang: Lang): Promise<Page> {
  const { page } = await newPage(lang);
  await go(page, '#/robots');
  await page.locator('.user-panel__button').first().click();
  await page.locator('.user-tile', { hasText: CARE.name }).click();
  await tapPin(page, CARE.pin);
  await page.locator('.user-panel[data-role="care-staff"]').waitFor({ timeout: 15_000 });
  return page;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'genba-diagnostics-e2e-'));
  ensureRendererBuilt();
  [genba, browser] = await Promise.all([
    startGenba(['--demo', '--kiosk-role', 'technician', '--db', join(tmp, 'genba.sqlite')]),
    launchChromium(),
  ]);
  // First run: the administrator (kept signed in in this tab), who adds a care-staff person.
  ({ page: admin } = await newPage('en'));
  await admin.goto(genba.url);
  // A kiosk terminal shows its areas at once; "Sign in" leads to the first-run setup.
  await admin.locator('.user-panel__button').first().click({ timeout: 20_000 });
  await admin.locator('section[aria-labelledby="setup-title"]').waitFor({ timeout: 20_000 });
  await admin.getByLabel('Name shown on screen').fill('Test Admin');
  await admin.getByLabel('User name').fill('testadmin');
  await admin.getByLabel('Password', { exact: true }).fill('correct-horse-battery');
  await admin.getByLabel('Password again').fill('correct-horse-battery');
  await admin.getByRole('button', { name: 'Create administrator' }).click();
  await admin.locator('nav a[data-area="accounts"]').waitFor({ timeout: 15_000 });
  await admin.locator('nav a[data-area="accounts"]').click();
  await admin.getByLabel('Name shown on screen').fill(CARE.name);
  await admin.getByLabel('User name').fill(CARE.user);
  await admin.getByLabel('Role', { exact: true }).selectOption('care-staff');
  await admin.getByLabel('PIN', { exact: true }).fill(CARE.pin);
  await admin.getByRole('button', { name: 'Add', exact: true }).click();
  await admin.locator(`tr[data-account="${CARE.user}"]`).waitFor();
}, 12 * 60_000);

afterAll(async () => {
  await browser?.close();
  await genba?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('diagnostics in Chromium against the demo facility', () => {
  test('the Models page shows the active pack with its evaluation and signature; a bad pack is refused with the reason', async () => {
    for (const lang of ['en', 'ja'] as const) {
      const { context, page } = await newPage(lang);
      await go(page, '#/diagnostics/models');
      const active = page.locator('article.model-card[data-state="active"]');
      await active.waitFor({ timeout: 60_000 });
      expect(await active.getAttribute('data-pack')).toMatch(/diagnostics/);
      expect(await active.locator('[data-testid="pack-state"]').innerText()).toContain(
        TEXT[lang].active,
      );
      // The bundled pack is known by its pinned files, not by its (development) signature.
      expect(await active.locator('[data-testid="pack-signature"]').innerText()).toContain(
        TEXT[lang].signature,
      );
      expect(await active.locator('[data-testid="pack-evaluation"] tr').count()).toBeGreaterThan(3);
      await shot(page, `${lang}-models`, true);
      await context.close();
    }
    // The administrator imports a pack that fails verification: the reason, nothing changed.
    const bad = join(tmp, 'not-a-pack');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'manifest.json'), '{"format": 1, "name": "broken"}');
    await go(admin, '#/diagnostics/models');
    await admin.locator('article.model-card[data-state="active"]').waitFor({ timeout: 30_000 });
    await admin.getByTestId('import-path').fill(bad);
    await admin.getByRole('button', { name: 'Check and import' }).click();
    const refused = admin.getByTestId('import-refused');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.innerText()).toContain(TEXT.en.refused);
    expect((await refused.innerText()).length).toBeGreaterThan(TEXT.en.refused.length + 20);
    expect(await admin.locator('article.model-card[data-state="active"]').count()).toBe(1);
    await shot(admin, 'en-models-refused', true);
  }, 180_000);

  test('injected overheating on one joint raises the right alert in the UI before the servo trips; care staff acknowledge it', async () => {
    // The technician's pages: Diagnostics (English) and the arm's joint table (the trip).
    const { page: tech } = await newPage('en');
    await go(tech, '#/robots');
    const armLink = tech
      .locator('article.robot-card', { has: tech.locator('h2', { hasText: 'Arm A' }) })
      .locator('a.robot-card__open');
    await armLink.waitFor({ timeout: 30_000 });
    const armHash = (await armLink.getAttribute('href')) ?? '';
    const { page: joints } = await newPage('en');
    await go(joints, armHash);
    const jointRow = joints.locator(`tr.joint-row[data-joint="${JOINT}"]`);
    await jointRow.waitFor({ timeout: 30_000 });
    const tripped = async () =>
      (await jointRow.getAttribute('class'))?.includes('joint-row--fault');
    expect(await tripped()).toBe(false);

    await go(tech, '#/diagnostics');
    await tech.locator('#tech-open-title').waitFor({ timeout: 30_000 });
    // Normal operation so far: nothing about overheating. Any other alert here is a false alert
    // of the model on the demo routine: recorded (and reported), not what this test is about.
    const falseAlerts = await tech
      .locator('tr.alert-row')
      .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-fault')}: ${r.textContent}`));
    if (falseAlerts.length)
      console.log(`alerts before any fault was injected:\n${falseAlerts.join('\n')}`);
    expect(await tech.locator('tr.alert-row[data-fault="overheating"]').count()).toBe(0);
    // Demo tools: overheating on one joint, accelerated by its magnitude.
    await tech.locator('.demo-tools__summary').click();
    await tech.getByTestId('demo-fault').selectOption('overheating');
    await tech.getByTestId('demo-joint').selectOption(JOINT);
    await tech.getByTestId('demo-magnitude').fill(String(MAGNITUDE));
    await tech.getByTestId('demo-inject').click();
    await expect.poll(() => tech.getByTestId('demo-done').innerText()).toContain('Injected');
    const injectedAt = Date.now();

    // The alert arrives live (alerts.changed), the servo still below its limit.
    const row = tech.locator('tr.alert-row[data-fault="overheating"]');
    await row.waitFor({ timeout: 300_000 });
    const alertSeenAt = Date.now();
    const trippedAtAlert = await tripped();
    await row.locator('a.button').click();
    const detail = tech.getByTestId('alert-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-fault')).toBe('overheating');
    expect(await detail.getAttribute('data-by-hardware')).toBe('false');
    expect(await detail.innerText()).toContain(JOINT);
    expect(await tech.getByTestId('detail-source').innerText()).toBe(TEXT.en.byModel);
    expect(trippedAtAlert).toBe(false);
    await detail.locator('[data-channel="temperatureC"][data-relevant="true"]').waitFor();
    await shot(tech, 'en-technician', true);

    // The same alert in Japanese (technician view), and the banner on another screen.
    const { page: techJa } = await newPage('ja');
    const alertId = (await detail.getAttribute('data-alert-id')) ?? '';
    await go(techJa, `#/diagnostics/alert/${encodeURIComponent(alertId)}`);
    const detailJa = techJa.getByTestId('alert-detail');
    await detailJa.waitFor({ timeout: 20_000 });
    expect(await detailJa.getAttribute('data-alert-id')).toBe(alertId);
    expect(await detailJa.innerText()).toContain(TEXT.ja.fault);
    expect(await techJa.getByTestId('detail-source').innerText()).toBe(TEXT.ja.byModel);
    await shot(techJa, 'ja-technician', true);
    // Another screen: the banner names the newest unacknowledged alert (if the model raised
    // others meanwhile, that may be another one) and links to it; the arm's card needs attention.
    await go(techJa, '#/robots');
    const bannerJa = techJa.getByTestId('alert-banner');
    await bannerJa.waitFor({ timeout: 20_000 });
    const armCardJa = techJa.locator('article.robot-card', {
      has: techJa.locator('h2', { hasText: 'Arm A' }),
    });
    await expect
      .poll(() => armCardJa.locator('[data-testid="care-state"]').innerText(), { timeout: 20_000 })
      .toContain('確認が必要です');
    await shot(techJa, 'ja-banner-robots');
    await go(tech, '#/robots');
    const banner = tech.getByTestId('alert-banner');
    await banner.waitFor({ timeout: 20_000 });
    const bannerId = (await banner.getAttribute('data-alert-id')) ?? '';
    if (bannerId === alertId) expect(await banner.innerText()).toContain(TEXT.en.care);
    await shot(tech, 'en-banner-robots');
    await banner.getByRole('link').click();
    await expect
      .poll(() => tech.getByTestId('alert-detail').getAttribute('data-alert-id'), {
        timeout: 10_000,
      })
      .toBe(bannerId);
    await go(tech, `#/diagnostics/alert/${encodeURIComponent(alertId)}`);

    // Care staff: one sentence and whom to call, in both languages; acknowledge in Japanese.
    const careEn = await careStaffPage('en');
    await go(careEn, '#/diagnostics');
    const cardEn = careEn.locator('article.care-alert[data-fault="overheating"]');
    await cardEn.waitFor({ timeout: 20_000 });
    expect(await cardEn.getByTestId('care-sentence').innerText()).toContain(TEXT.en.care);
    expect(await cardEn.innerText()).toContain(TEXT.en.call);
    expect(await careEn.locator('[data-testid="evidence"]').count()).toBe(0);
    await shot(careEn, 'en-care', true);

    const careJa = await careStaffPage('ja');
    await go(careJa, '#/diagnostics');
    const cardJa = careJa.locator('article.care-alert[data-fault="overheating"]');
    await cardJa.waitFor({ timeout: 20_000 });
    expect(await cardJa.getByTestId('care-sentence').innerText()).toContain(TEXT.ja.care);
    expect(await cardJa.innerText()).toContain(TEXT.ja.call);
    const ack = cardJa.getByRole('button', { name: new RegExp(TEXT.ja.ack) });
    const box = await ack.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(48);
    await shot(careJa, 'ja-care', true);
    await ack.click();
    await expect
      .poll(() => cardJa.getAttribute('data-state'), { timeout: 10_000 })
      .toBe('acknowledged');
    expect(await cardJa.getByTestId('care-seen').innerText()).toContain(TEXT.ja.seen);
    await shot(careJa, 'ja-care-acknowledged', true);
    // Everyone sees the acknowledgement live; the banner leaves.
    await expect
      .poll(() => cardEn.getAttribute('data-state'), { timeout: 10_000 })
      .toBe('acknowledged');
    expect(await cardEn.getByTestId('care-seen').innerText()).toContain(TEXT.en.seen);
    // The acknowledged alert leaves the banner (another unacknowledged alert may still be there).
    const overheatingId = await cardEn.getAttribute('data-alert-id');
    await expect
      .poll(
        async () => {
          const banner = tech.getByTestId('alert-banner');
          return (await banner.count()) === 0 ? null : await banner.getAttribute('data-alert-id');
        },
        { timeout: 10_000 },
      )
      .not.toBe(overheatingId);

    // Now let the simulated servo reach its limit: the margin is what the alert bought.
    await expect.poll(tripped, { timeout: 600_000, interval: 500 }).toBe(true);
    const trippedAt = Date.now();
    const margin = (trippedAt - alertSeenAt) / 1000;
    const summary =
      `overheating ${JOINT} magnitude ${MAGNITUDE}: alert in the UI ${((alertSeenAt - injectedAt) / 1000).toFixed(1)} s ` +
      `after injection, servo tripped ${((trippedAt - injectedAt) / 1000).toFixed(1)} s after injection ` +
      `→ alert ${margin.toFixed(1)} s before the hardware trip (±1 s: the joint table polls every second)`;
    await go(tech, '#/diagnostics');
    await tech.locator('tr.alert-row[data-fault="overheating"]').first().waitFor();
    const others = await tech
      .locator('tr.alert-row:not([data-fault="overheating"])')
      .evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    const report = [
      summary,
      `other alerts during the run (false alerts on the demo routine): ${others.length}`,
      ...others,
    ].join('\n');
    console.log(report);
    writeFileSync(join(SHOTS, 'diagnostics-margin.txt'), `${report}\n`);
    await go(joints, armHash);
    await shot(joints, 'en-after-trip', true);
    expect(margin).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 900_000);
});
