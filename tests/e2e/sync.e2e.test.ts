/**
 * The Sync area in Chromium against the real `genba serve` on a `genba demo` database and the
 * reference ingest server: an admin sets the upstream server, pauses, switches telemetry
 * summaries on, sees exactly the batch that would leave, resumes and watches it upload, finds
 * it in the history; the data dictionary; a refused and an accepted signed model update,
 * activated and rolled back. English and Japanese, screenshots to tests/.artifacts/screenshots.
 */
import { execFile } from 'node:child_process';
import { createHash, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { developmentSigningKey } from '../../native/model/pack/dev-signing-key';
import { manifestSignedBytes, type UpdateManifest } from '../../native/sync/model-update';
import {
  startReferenceIngestServer,
  type ReferenceIngestServer,
} from '../helpers/reference-ingest-server';
import { writeTestPack } from '../native/model/test-pack';
import { ROOT, ensureRendererBuilt, startGenba, type RunningGenba } from './genba-server';
import { SHOTS, launchChromium } from './chromium';

const TOKEN = 'facility-e2e-token';

let tmp: string;
let genba: RunningGenba;
let browser: Browser;
let ingest: ReferenceIngestServer;
let errors: string[] = [];

async function open(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(genba.url); // the URL carries the per-launch API token in its hash
  await expect
    .poll(() =>
      page.locator('[role="status"] [data-status="connection"]').getAttribute('data-tone'),
    )
    .toBe('ok');
  await page.locator('nav a[data-area="sync"]').click();
  await page.locator('h1', { hasText: locale.startsWith('ja') ? '同期' : 'Sync' }).waitFor();
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `sync-${name}.png`), fullPage: true });
const tab = (page: Page, id: string) => page.locator(`.sync-tabs__tab[data-tab="${id}"]`);
const stateOf = (page: Page) => page.locator('.sync-state').getAttribute('data-state');

async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('main button, main input, main select'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 48 || box.height < 48))
      .map(({ el, box }) => `${el.outerHTML.slice(0, 80)} ${box.width}×${box.height}`),
  );
}

/** A real pack (signed with the development key the app pins) offered as a signed update. */
async function offerModel(version: string, expiresAt: string): Promise<UpdateManifest> {
  const dir = join(tmp, `pack-${version}`);
  await writeTestPack(dir, { version });
  const files = ['manifest.json', 'model.onnx'].map((path) => {
    const body = readFileSync(join(dir, path));
    ingest.models.files.set(`test-diagnostics/${version}/${path}`, { body });
    return {
      path,
      url: `/v1/models/files/test-diagnostics/${version}/${path}`,
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    };
  });
  const key = developmentSigningKey();
  const unsigned = {
    format: 1 as const,
    channel: 'stable',
    name: 'test-diagnostics',
    version,
    issuedAt: new Date(Date.now() - 60_000).toISOString(),
    expiresAt,
    files,
    keyId: key.keyId,
  };
  const manifest = {
    ...unsigned,
    signature: sign(null, manifestSignedBytes(unsigned), key.privateKey).toString('base64'),
  };
  ingest.models.manifests.set('stable', manifest);
  return manifest;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'genba-sync-e2e-'));
  const db = join(tmp, 'demo.sqlite');
  ensureRendererBuilt();
  await promisify(execFile)(join(ROOT, 'bin/genba'), ['demo', '--db', db, '--minutes', '130'], {
    cwd: ROOT,
  });
  ingest = await startReferenceIngestServer({ token: TOKEN });
  [genba, browser] = await Promise.all([
    // The offered packs are signed with the development key, which a development build
    // believes outside the demo only when asked.
    startGenba(['--no-demo', '--db', db, '--kiosk-role', 'admin'], undefined, {
      GENBA_TRUST_DEVELOPMENT_KEY: '1',
    }),
    launchChromium(),
  ]);
}, 12 * 60_000);

afterAll(async () => {
  await browser?.close();
  await genba?.stop();
  await ingest?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Sync area in Chromium', () => {
  test(
    'an admin switches a category on, sees the exact next batch, watches it upload and finds it in the history (English)',
    { timeout: 240_000 },
    async () => {
      errors = [];
      const page = await open('en-US');
      // Nothing is set up and nothing is switched on: honest states.
      await expect.poll(() => stateOf(page), { timeout: 20_000 }).toBe('not-configured');
      await page.getByText('No upstream server is set yet').waitFor();
      expect(await page.locator('.sync-table tbody tr').count()).toBe(5);
      await shot(page, 'en-not-set-up');

      // The upstream server, with the keyboard: type, Tab, type, Enter.
      await page.getByLabel('Server address (https://…)').fill(ingest.url);
      await page.getByLabel('Facility token').fill(TOKEN);
      await page.getByLabel('Facility token').press('Enter');
      await page.getByText('Saved. Genba checks the server now.').waitFor();
      await expect.poll(() => stateOf(page), { timeout: 30_000 }).toBe('idle');
      await expect.poll(() => page.locator('[data-sync="online"]').innerText()).toBe('Online');
      expect(await page.locator('[data-sync="last-upload"]').innerText()).toBe(
        'Nothing uploaded yet',
      );

      // Pause first, so the admin sees the batch before it leaves.
      await page.getByRole('button', { name: 'Pause uploads' }).click();
      await expect.poll(() => stateOf(page)).toBe('paused');
      await page.getByRole('button', { name: 'Resume uploads' }).waitFor();

      await tab(page, 'consent').click();
      await page.getByText('Nothing would leave: no category is switched on.').waitFor();
      const rollups = page.getByRole('switch', {
        name: 'Donate Telemetry summaries (hourly per joint)',
      });
      expect(await rollups.getAttribute('aria-checked')).toBe('false');
      // Every category starts off.
      expect(
        await page
          .getByRole('switch')
          .evaluateAll((els) => els.map((el) => el.getAttribute('aria-checked'))),
      ).toEqual(['false', 'false', 'false', 'false', 'false']);
      expect(await smallTargets(page)).toEqual([]);
      await shot(page, 'en-consent-off');

      await rollups.click();
      await expect.poll(() => rollups.getAttribute('aria-checked')).toBe('true');
      // The sweep fills the outbox; the preview shows exactly the next batch.
      const summary = page.locator('[data-preview-batch]');
      await expect
        .poll(
          async () => {
            await page.getByRole('button', { name: 'Refresh' }).click();
            return summary.count();
          },
          { timeout: 60_000, interval: 1000 },
        )
        .toBe(1);
      const batchId = (await summary.getAttribute('data-preview-batch'))!;
      expect(batchId).toMatch(/^[0-9a-f]{64}$/);
      const shown = (await page.locator('.sync-preview__lines').innerText())
        .split('\n')
        .filter(Boolean);
      expect(shown.length).toBeGreaterThan(0);
      for (const line of shown)
        expect(JSON.parse(line)).toMatchObject({ kind: 'telemetry_rollup' });
      expect(ingest.batches.size).toBe(0); // paused: nothing has left
      const row = page.locator('.sync-switch[data-category="telemetry-rollups"]');
      await expect.poll(() => row.innerText()).not.toMatch(/· 0 records/);
      await page.locator('.sync-preview').scrollIntoViewIfNeeded();
      await shot(page, 'en-consent-preview');

      // Resume and watch it leave.
      await tab(page, 'overview').click();
      await page.getByRole('button', { name: 'Resume uploads' }).click();
      await expect
        .poll(() => page.locator('[data-sync="last-upload"]').innerText(), { timeout: 60_000 })
        .toMatch(/records$/);
      await expect.poll(() => stateOf(page), { timeout: 60_000 }).toBe('idle');
      // Exactly the previewed batch arrived, line for line.
      const stored = ingest.batches.get(batchId);
      expect(stored, 'the previewed batch is stored upstream under its id').toBeDefined();
      expect(stored!.lines.slice(0, shown.length)).toEqual(shown);
      expect(
        await page.locator('tr[data-category="telemetry-rollups"] [data-queued]').innerText(),
      ).toBe('0');
      await shot(page, 'en-uploaded');

      await tab(page, 'history').click();
      const uploaded = page.locator(`tr[data-batch="${batchId}"]`);
      await uploaded.waitFor();
      expect(await uploaded.getAttribute('data-state')).toBe('sent');
      expect(await uploaded.innerText()).toContain('Telemetry summaries (hourly per joint)');
      expect(await page.locator('.sync-history tbody tr').count()).toBe(ingest.batches.size);
      await shot(page, 'en-history');

      await tab(page, 'dictionary').click();
      await page.getByText('Data dictionary: every item that can be donated').waitFor();
      for (const kind of [
        'telemetry_rollup',
        'fault_episode',
        'task_outcome',
        'robot_configuration',
        'demonstration',
      ])
        await page.locator(`[data-kind="${kind}"]`).waitFor();
      await shot(page, 'en-dictionary');

      // Model updates: an expired manifest is refused with its reason; a valid one is staged,
      // activated by the admin, and rolled back.
      await tab(page, 'models').click();
      // A fresh database imports the bundled default pack in the background at start-up.
      await expect
        .poll(() => page.locator('[data-model="active"]').innerText(), { timeout: 60_000 })
        .toContain('genba-diagnostics');
      const activeBefore = await page.locator('[data-model="active"]').innerText();
      await offerModel('9.0.0', new Date(Date.now() - 1000).toISOString());
      await page.getByRole('button', { name: 'Check for an update' }).click();
      await page.locator('[data-model-result="refused"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-model-result="refused"]').innerText()).toMatch(
        /expired.*Nothing was changed/s,
      );
      expect(await page.locator('[data-model="active"]').innerText()).toBe(activeBefore);
      await shot(page, 'en-model-refused');

      await offerModel('9.0.0', new Date(Date.now() + 86_400_000).toISOString());
      await page.getByRole('button', { name: 'Check for an update' }).click();
      await page.locator('[data-model-result="staged"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-model="active"]').innerText()).toBe(activeBefore);
      await page.getByRole('button', { name: 'Activate 9.0.0' }).click();
      await page.locator('[data-model-result="activated"]').waitFor({ timeout: 60_000 });
      await expect
        .poll(() => page.locator('[data-model="active"]').innerText())
        .toContain('test-diagnostics 9.0.0');
      // A second update, then back to the first with one click.
      await offerModel('9.1.0', new Date(Date.now() + 86_400_000).toISOString());
      await page.getByRole('button', { name: 'Check for an update' }).click();
      await page.locator('[data-model-result="staged"]').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Activate 9.1.0' }).click();
      await page.locator('[data-model-result="activated"]').waitFor({ timeout: 60_000 });
      await expect
        .poll(() => page.locator('[data-model="active"]').innerText())
        .toContain('test-diagnostics 9.1.0');
      await shot(page, 'en-model-activated');
      await page.getByRole('button', { name: 'Roll back to 9.0.0' }).click();
      await page.locator('[data-model-result="rolled-back"]').waitFor({ timeout: 60_000 });
      await expect
        .poll(() => page.locator('[data-model="active"]').innerText())
        .toContain('test-diagnostics 9.0.0');
      await shot(page, 'en-model-rolled-back');
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  test('the same area in Japanese, usable with the keyboard', { timeout: 120_000 }, async () => {
    errors = [];
    const page = await open('ja-JP');
    await expect.poll(() => stateOf(page), { timeout: 30_000 }).toBe('idle');
    await page.getByText('オンにしたデータはすべて送信済みです').waitFor();
    await page.getByRole('button', { name: '送信を一時停止' }).waitFor();
    await shot(page, 'ja-overview');

    // Tabs with the arrow keys.
    await tab(page, 'overview').focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-tab')))
      .toBe('consent');
    await page.getByText('施設の外に出してよいデータ').waitFor();
    const rollups = page.getByRole('switch', {
      name: 'テレメトリの集計（関節ごと・1時間単位）を提供する',
    });
    expect(await rollups.getAttribute('aria-checked')).toBe('true');
    await page.getByText('プレビュー：次に送信されるバッチそのもの').waitFor();
    await shot(page, 'ja-consent');

    await page.keyboard.press('ArrowRight');
    await page.getByText('すべての送信').waitFor();
    await page.locator('.sync-history tbody tr[data-state="sent"]').first().waitFor();
    expect(await page.locator('.sync-history').innerText()).toContain('送信済み');
    await shot(page, 'ja-history');

    await page.keyboard.press('ArrowRight');
    await page.getByText('データ辞書：提供される可能性のあるすべての項目').waitFor();
    expect(await page.locator('[data-kind="telemetry_rollup"]').innerText()).toContain('平均温度');
    await shot(page, 'ja-dictionary');

    await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: '更新を確認' }).waitFor();
    await shot(page, 'ja-models');
    expect(await smallTargets(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
