/**
 * Debian's Chromium for the end-to-end tests, launched the one way that works on these machines:
 * no sandbox (root), no GPU, and none of Chromium's own network traffic (the network is closed).
 */
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT, waitForFile } from './genba-server';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = join(ROOT, 'tests/.artifacts/screenshots');
export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Chromium, first waiting for it if bin/install-test-deps is still installing it. */
export async function launchChromium(): Promise<Browser> {
  await waitForFile(CHROMIUM, 10 * 60_000);
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}
