// Renders icon.svg to the 1024×1024 icon.png electron-builder derives every platform's icons from.
// Run once after editing the SVG: `node assets/icons/render-icon.mjs` (needs Debian's chromium).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const svg = readFileSync(new URL('./icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({
  path: fileURLToPath(new URL('./icon.png', import.meta.url)),
  omitBackground: true,
});
await browser.close();
