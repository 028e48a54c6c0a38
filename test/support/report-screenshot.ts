// The HTML report in Debian's Chromium (playwright-core, no browser download), and the docs' screenshot of
// it: one code path for the browser test (which writes it into a temp dir and checks it) and for
// `npm run docs:screenshot` (scripts/report-screenshot.ts, which writes docs/report-screenshot.png).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** CHROMIUM_PATH (.ci/run exports the one it checked), else Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SCREENSHOT_VIEWPORT = { width: 1200, height: 900 } as const;

export async function launchChromium(executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: install it with \`apt-get update && apt-get install -y chromium\` (.ci/run does this), or set CHROMIUM_PATH`);
  }
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(`Chromium at ${executablePath} could not be launched: ${(error as Error).message.slice(0, 500)}`);
  }
}

/**
 * Opens the report at `url` in a fresh page, expands the prod-uploads bucket (its findings, remediation
 * snippet and CORS rules) and saves the viewport as a PNG at `path`. Throws if the bucket does not open.
 */
export async function screenshotReport(browser: Browser, url: string, path: string): Promise<void> {
  const page = await browser.newPage({ viewport: SCREENSHOT_VIEWPORT });
  try {
    await page.goto(url, { waitUntil: 'load' });
    const group = page.locator('tbody.bucket[data-bucket="prod-uploads"]');
    await group.locator('button.toggle').click();
    await group.locator('tr.detail').waitFor({ state: 'visible', timeout: 10_000 });
    await page.screenshot({ path, fullPage: false });
  } finally {
    await page.close();
  }
}
