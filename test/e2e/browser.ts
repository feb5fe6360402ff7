/**
 * End-to-end helpers: Debian's Chromium through playwright-core, the web build, screenshots.
 * Chromium runs headless with the flags this machine needs (no background networking: the
 * network is closed) and a fresh profile (Playwright creates one per launch).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { newestMtime, ROOT } from '../dist.js';

export const CHROMIUM = '/usr/bin/chromium';
export { ROOT };
export const WEB_DIST = path.join(ROOT, 'web-dist');
export const SHOTS = path.join(ROOT, 'test-results', 'e2e');

/** Why the browser tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install chromium fonts-wqy-microhei; CI installs it)`;
}

/** Build web-dist/ with Vite when it is missing or older than any file under src/web. */
export async function ensureWebBuilt(): Promise<void> {
  const index = path.join(WEB_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(path.join(ROOT, 'src', 'web'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'src', 'web', 'vite.config.ts'), logLevel: 'warn' });
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 812 } } as const;

/** Full-page screenshot to test-results/e2e/<name>.png (gitignored) for a person to look at. */
export async function shot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** Collect uncaught page errors (the tests assert there were none). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}
