/**
 * People and permissions in Chromium against the real `genba serve`: first-run admin setup,
 * accounts, sign-in with the PIN pad (touch and keyboard), role-limited navigation, the lock
 * screen, lock-out after wrong PINs, and the audit trail's Verify (also after tampering with the
 * database file) — in English and Japanese, with screenshots.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { ensureRendererBuilt, startGenba, type RunningGenba } from './genba-server';
import { SHOTS, launchChromium } from './chromium';

const ADMIN_PASSWORD = 'sakura-2026-genba';

let tmp: string;
let genba: RunningGenba;
let browser: Browser;
const errors: string[] = [];

async function open(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(genba.url);
  await expect
    .poll(() =>
      page.locator('[role="status"] [data-status="connection"]').getAttribute('data-tone'),
    )
    .toBe('ok');
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `auth-${name}.png`) });
const navAreas = (page: Page) =>
  page
    .locator('nav a[data-area]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('data-area')));

async function tapPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.locator(`.pin-pad__key[data-key="${digit}"]`).click();
  await page.locator('.pin-pad__key--ok').click();
}

async function chooseTile(page: Page, name: string): Promise<void> {
  await page.locator('.user-tile', { hasText: name }).click();
}

async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(
      document.querySelectorAll('main button, main input, main select, nav a, aside button'),
    )
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 48 || box.height < 48))
      .map(({ el, box }) => `${el.outerHTML.slice(0, 60)} ${box.width}×${box.height}`),
  );
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'genba-auth-e2e-'));
  ensureRendererBuilt();
  [genba, browser] = await Promise.all([
    startGenba(['--db', join(tmp, 'genba.sqlite')]),
    launchChromium(),
  ]);
}, 12 * 60_000);

afterAll(async () => {
  await browser?.close();
  await genba?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('people and permissions in Chromium', () => {
  test('first run, accounts, PIN sign-in, role-limited navigation, lock, lock-out, audit (English)', async () => {
    const page = await open('en-US');
    // First run: nothing but the administrator setup; no navigation yet.
    await page.getByRole('heading', { name: 'Welcome to Genba' }).waitFor();
    expect(await navAreas(page)).toEqual([]);
    await page.getByLabel('Name shown on screen').fill('Aiko Tanaka');
    await page.getByLabel('User name').fill('aiko');
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Password again').fill(ADMIN_PASSWORD);
    await shot(page, 'en-first-run');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect
      .poll(() => navAreas(page), { timeout: 15_000 })
      .toEqual(['robots', 'diagnostics', 'teach', 'accounts', 'audit', 'logs', 'sync', 'settings']);

    // The admin adds three people.
    await page.locator('nav a[data-area="accounts"]').click();
    const people = [
      ['Hana Suzuki', 'hana', 'care-staff', '2580'],
      ['Kenji Mori', 'kenji', 'technician', '1357'],
      ['Sato Yui', 'sato', 'supervisor', '8642'],
    ] as const;
    for (const [name, user, role, pin] of people) {
      await page.getByLabel('Name shown on screen').fill(name);
      await page.getByLabel('User name').fill(user);
      await page.getByLabel('Role', { exact: true }).selectOption(role);
      await page.getByLabel('PIN', { exact: true }).fill(pin);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.locator(`tr[data-account="${user}"]`).waitFor();
    }
    await shot(page, 'en-accounts');

    // A refused action (that user name is taken) leaves a message; it goes with its person.
    await page.getByLabel('Name shown on screen').fill('Hana again');
    await page.getByLabel('User name').fill('hana');
    await page.getByLabel('Role', { exact: true }).selectOption('care-staff');
    await page.getByLabel('PIN', { exact: true }).fill('2580');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('.problem').first().waitFor();

    // Sign out: the tiles, and none of the admin's messages.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Who is using Genba?' }).waitFor();
    expect(await page.locator('.problem').count()).toBe(0);
    expect(await navAreas(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await shot(page, 'en-sign-in');

    // Care staff with the PIN pad (touch): robots, diagnostics (plain alerts), teach, logs, settings only.
    await chooseTile(page, 'Hana Suzuki');
    await page.getByRole('heading', { name: 'Hello, Hana Suzuki' }).waitFor();
    expect(await smallTargets(page)).toEqual([]);
    await shot(page, 'en-pin-pad');
    await tapPin(page, '2580');
    await expect
      .poll(() => navAreas(page), { timeout: 15_000 })
      .toEqual(['robots', 'diagnostics', 'teach', 'logs', 'settings']);
    await shot(page, 'en-care-staff-nav');
    // A hand-typed address to an admin area shows nothing of it.
    await page.evaluate(() => (window.location.hash = '#/accounts'));
    await page.getByRole('heading', { name: 'Not part of your role' }).waitFor();
    expect(await page.locator('.accounts-table').count()).toBe(0);

    // Lock: only Hana's PIN unlocks; the emergency stop stays on the lock screen.
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'This terminal is locked' }).waitFor();
    expect(await navAreas(page)).toEqual([]);
    expect(await page.getByRole('button', { name: 'Emergency stop all robots' }).isVisible()).toBe(
      true,
    );
    await page.keyboard.type('8642');
    await page.keyboard.press('Enter');
    await page.getByText('That PIN is not right').waitFor();
    await shot(page, 'en-locked');
    await page.keyboard.type('2580');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => navAreas(page), { timeout: 15_000 })
      .toEqual(['robots', 'diagnostics', 'teach', 'logs', 'settings']);

    // Switch to the technician with the keyboard only.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('.user-tile', { hasText: 'Kenji Mori' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('1357');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => navAreas(page), { timeout: 15_000 })
      .toEqual(['robots', 'diagnostics', 'teach', 'logs', 'settings']);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Five wrong PINs lock Hana out.
    await chooseTile(page, 'Hana Suzuki');
    for (let i = 0; i < 5; i++) {
      await tapPin(page, `000${i + 1}`);
      // Each answer clears the field before the next try.
      await expect
        .poll(() => page.locator('.auth-error').innerText(), { timeout: 10_000 })
        .toMatch(/not right|Too many/);
      await expect.poll(() => page.locator('.pin-pad__field').inputValue()).toBe('');
    }
    await page.getByText(/Too many wrong tries/).waitFor();
    await tapPin(page, '2580');
    await page.getByText(/Too many wrong tries/).waitFor();
    await shot(page, 'en-locked-out');
    await page.getByRole('button', { name: 'Not me — choose again' }).click();

    // The supervisor reviews the audit trail and verifies it.
    await chooseTile(page, 'Sato Yui');
    await tapPin(page, '8642');
    await expect
      .poll(() => navAreas(page), { timeout: 15_000 })
      .toEqual(['robots', 'diagnostics', 'audit', 'logs', 'sync', 'settings']);
    await page.locator('nav a[data-area="audit"]').click();
    await page.getByRole('cell', { name: 'auth.locked-out' }).first().waitFor();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('[data-result="ok"]').waitFor();
    await shot(page, 'en-audit-verified');

    // Someone edits the database file behind Genba's back: Verify says so.
    const raw = new Database(join(tmp, 'genba.sqlite'));
    raw.exec('DROP TRIGGER audit_is_append_only_update');
    raw.prepare("UPDATE audit SET actor = 'nobody' WHERE id = 2").run();
    raw.close();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('[data-result="tampered"]').waitFor();
    expect(await page.locator('[data-result="tampered"]').innerText()).toContain('entry 2');
    await shot(page, 'en-audit-tampered');
    await page.context().close();
    expect(errors).toEqual([]);
  });

  test('Japanese: sign-in tiles, PIN pad, lock screen and accounts', async () => {
    const page = await open('ja-JP');
    await page.getByRole('heading', { name: 'どなたが使いますか？' }).waitFor();
    await shot(page, 'ja-sign-in');
    await chooseTile(page, 'Kenji Mori');
    await page.getByRole('heading', { name: 'Kenji Mori さん' }).waitFor();
    await shot(page, 'ja-pin-pad');
    await tapPin(page, '1357');
    await expect
      .poll(() => navAreas(page), { timeout: 15_000 })
      .toEqual(['robots', 'diagnostics', 'teach', 'logs', 'settings']);
    await page.getByRole('button', { name: 'ロック' }).click();
    await page.getByRole('heading', { name: 'この端末はロックされています' }).waitFor();
    await shot(page, 'ja-locked');
    await page.getByRole('button', { name: 'ユーザーを切り替える' }).click();
    await chooseTile(page, 'Aiko Tanaka');
    await page.getByLabel('パスワード').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await expect.poll(() => navAreas(page), { timeout: 15_000 }).toContain('accounts');
    await page.locator('nav a[data-area="accounts"]').click();
    await page.getByRole('heading', { name: 'アカウント', level: 1 }).waitFor();
    // The admin clears Hana's lock-out with a new PIN.
    await page.locator('tr[data-account="hana"] input').fill('4713');
    await page
      .locator('tr[data-account="hana"]')
      .getByRole('button', { name: 'PIN を設定' })
      .click();
    await page.getByText('新しい PIN／パスワードを設定し、ロックを解除しました。').waitFor();
    await shot(page, 'ja-accounts');
    await page.locator('nav a[data-area="audit"]').click();
    await page.getByRole('button', { name: '検証' }).click();
    await page.locator('[data-result="tampered"]').waitFor();
    await shot(page, 'ja-audit');
    await page.context().close();
    expect(errors).toEqual([]);
  });
});
