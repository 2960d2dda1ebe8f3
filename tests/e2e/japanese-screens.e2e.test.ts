/**
 * Every screen a person can reach, in Japanese, for each role (a kiosk terminal of that role on
 * the demo facility): no English sentence reaches the screen. What stays as it is: people's own
 * names and notes, machine identifiers shown as code (ports, ids: `.mono`, `code`), and the
 * system's own words where they are labelled as such (`[lang="en"]`). The e-stop is on screen
 * whenever robots are connected, at a 1280 × 800 touch terminal's size and a 1366 × 768 laptop's.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Role } from '../../native/domain';
import { loadRobotProfiles } from '../../native/robots/robot-profile';
import { SHOTS, launchChromium } from './chromium';
import { ensureRendererBuilt, startGenba, type RunningGenba } from './genba-server';

const ROLES: Role[] = ['care-staff', 'supervisor', 'technician', 'admin'];
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
] as const;

/** Text in the main area that reads as English: two words of three letters or more, no kana or kanji. */
async function englishOnScreen(page: Page): Promise<string[]> {
  // Product names are how Japanese speakers name them too (the profiles' own `name.ja`).
  const productNames = [...loadRobotProfiles().values()].map((profile) => profile.name.ja);
  const found = await page.evaluate(() => {
    const japanese = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/;
    // Words apart (an identifier such as demo:arm-a or pack@1.2.0 has no space in it).
    const sentence = /[A-Za-z]{3,}[,.:;!?)]?\s+[(]?[A-Za-z]{3,}/;
    const found = new Set<string>();
    const root = document.querySelector('main') ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const element = node.parentElement;
      if (!text || !element || element.closest('.mono, code, pre, svg, [lang="en"]')) continue;
      if (element.closest('[hidden], [aria-hidden="true"]')) continue;
      if (sentence.test(text) && !japanese.test(text)) found.add(text.slice(0, 120));
    }
    return [...found];
  });
  return found.filter((text) => !productNames.some((name) => text.includes(name)));
}

/** The areas the navigation offers this role. */
async function areasOf(page: Page): Promise<string[]> {
  return page
    .locator('nav a[data-area]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('data-area') ?? ''));
}

async function estopInView(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.estop__button')).some((button) => {
      const box = button.getBoundingClientRect();
      return (
        box.height >= 64 &&
        box.top >= 0 &&
        box.bottom <= window.innerHeight &&
        box.left >= 0 &&
        box.right <= window.innerWidth
      );
    }),
  );
}

let browser: Browser;
let tmp: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'genba-ja-screens-'));
  ensureRendererBuilt();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('Japanese screens for every role', () => {
  for (const role of ROLES) {
    test(`${role}: every area in Japanese, the e-stop in view`, async () => {
      let genba: RunningGenba | undefined;
      try {
        genba = await startGenba([
          '--demo',
          '--db',
          join(tmp, `${role}.sqlite`),
          '--kiosk-role',
          role,
        ]);
        const found: Record<string, string[]> = {};
        const hidden: string[] = [];
        const controls: Record<number, number> = {};
        for (const size of SIZES) {
          const context = await browser.newContext({ locale: 'ja-JP', viewport: size });
          const page = await context.newPage();
          await page.goto(genba.url);
          await page.locator('nav a[data-area]').first().waitFor();
          await expect
            .poll(() => page.locator('[data-status="robots"]').innerText(), { timeout: 20_000 })
            .toMatch(/[1-9]\d* \/ \d+ 台/);
          for (const area of await areasOf(page)) {
            await page.locator(`nav a[data-area="${area}"]`).click();
            await page.locator('main h1').first().waitFor();
            // Let the area's data arrive (event lines, alerts, robot cards).
            await page.waitForTimeout(1500);
            const english = await englishOnScreen(page);
            if (english.length) found[`${area} ${size.width}`] = english;
            if (size.width === 1280) {
              await page.screenshot({ path: join(SHOTS, `ja-${role}-${area}.png`) });
            }
            // Robots move in these areas: the stop must be on screen, also after scrolling.
            if (area === 'robots' || area === 'teach' || area === 'diagnostics') {
              await page.mouse.wheel(0, 3000);
              await page.waitForTimeout(200);
              if (!(await estopInView(page))) hidden.push(`${area} ${size.width}×${size.height}`);
              await page.mouse.wheel(0, -3000);
            }
          }
          // A robot's own page: technician controls only for those who may use them.
          await page.locator('nav a[data-area="robots"]').click();
          await page
            .getByRole('link', { name: /詳細とツール/ })
            .first()
            .click();
          await page.locator('.robot-page').waitFor();
          await page.waitForTimeout(1000);
          const english = await englishOnScreen(page);
          if (english.length) found[`robot page ${size.width}`] = english;
          if (size.width === 1280)
            await page.screenshot({ path: join(SHOTS, `ja-${role}-arm.png`) });
          controls[size.width] = await page.evaluate(
            () =>
              document.querySelectorAll(
                '[data-testid="torque-on-all"], [data-testid="move-joint"], .robot-tab[data-tab="console"]',
              ).length,
          );
          await context.close();
        }
        expect(found).toEqual({});
        // Torque, the jog panel and the packet console: technicians' tools, nobody else's.
        const technician = role === 'technician';
        expect(Object.values(controls).every((n) => (technician ? n === 3 : n === 0))).toBe(true);
        expect(hidden).toEqual([]);
      } finally {
        await genba?.stop();
      }
    }, 240_000);
  }
});
