// The HTML report in a real browser (Debian Chromium through playwright-core, CHROMIUM_PATH or
// /usr/bin/chromium): it renders, sorts and filters, runs no script from the data, makes no network
// request, and the docs' screenshot (made by `npm run docs:screenshot` through the same code) is a real image.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configHash } from '../../lib/cors';
import { renderHtmlReport } from '../../lib/report/html';
import { launchChromium, screenshotReport, SCREENSHOT_VIEWPORT } from '../support/report-screenshot';
import { HOSTILE, hostileSnapshot } from '../unit/report/sample-snapshot';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let browser: Browser;
let page: Page;
let directory: string;
let fileUrl: string;
const requests: string[] = [];
const dialogs: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  directory = await mkdtemp(join(tmpdir(), 's3-cors-report-'));
  const file = join(directory, 'report.html');
  await writeFile(file, renderHtmlReport(hostileSnapshot()));
  fileUrl = pathToFileURL(file).href;
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  // The trap: any script from the data would set window.__pwned (the hostile payloads all do).
  await page.addInitScript(() => {
    (globalThis as unknown as { __pwnedTrap: boolean }).__pwnedTrap = true;
  });
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(fileUrl, { waitUntil: 'load' });
});

afterAll(async () => {
  await browser?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

const visibleBuckets = (target: Page) => target.locator('#buckets tbody.bucket:visible .bucket-name').allTextContents();
const scores = (target: Page) => target.locator('#buckets tbody.bucket .score').allTextContents();

describe('HTML report in Chromium', () => {
  it('renders the title and the counts', async () => {
    expect(await page.title()).toBe('S3 CORS audit report: scan-2026-11-23T02:00:00Z');
    await expect.poll(() => page.locator('#total-findings').textContent()).toBe('5');
    expect(await page.locator('.card.critical .count').textContent()).toBe('1');
    expect(await page.locator('#shown-count').textContent()).toBe('7');
    expect(await page.locator('#trend svg g.scan').count()).toBe(4);
    expect(await page.locator('#accounts-table tbody tr').count()).toBe(2);
  });

  it('sorts by score when the header is clicked (ascending first, then descending)', async () => {
    const before = await scores(page);
    expect(before.slice(0, 2)).toEqual(['3', '30']);
    await page.locator('th[data-sort="score"] button').click();
    const descending = await scores(page);
    expect(descending).not.toEqual(before);
    expect(descending.filter((score) => /^\d+$/.test(score)).map(Number)).toEqual([100, 97, 89, 30, 3]);
    expect(await page.locator('th[data-sort="score"]').getAttribute('aria-sort')).toBe('descending');
    await page.locator('th[data-sort="bucket"] button').click();
    const byName = await page.locator('#buckets tbody.bucket .bucket-name').allTextContents();
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b)));
  });

  it('filters by text and by severity (row count changes)', async () => {
    await page.fill('#filter-text', 'marketing');
    expect(await visibleBuckets(page)).toEqual(expect.arrayContaining(['marketing-site', 'marketing-static']));
    expect(await page.locator('#shown-count').textContent()).toBe('3');
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-severity', { label: 'critical' });
    expect((await visibleBuckets(page)).sort()).toEqual(['evil-bucket', 'prod-uploads']);
    await page.selectOption('#filter-severity', { label: 'all buckets' });
    expect(await visibleBuckets(page)).toHaveLength(7);
  });

  it('expands a bucket to its findings, remediation snippet and CORS rules', async () => {
    const group = page.locator('tbody.bucket[data-bucket="prod-uploads"]');
    await expect.poll(() => group.locator('tr.detail').isVisible()).toBe(false);
    await group.locator('button.toggle').click();
    const detail = group.locator('tr.detail');
    expect(await detail.isVisible()).toBe(true);
    const shown = (await detail.textContent()) ?? '';
    expect(shown).toContain('S3CORS-ANY-ORIGIN-WRITE');
    expect(shown).toContain('"AllowedOrigins"');
    expect(shown).toContain('CORS rules (2)');
  });

  it('runs no script from the data and shows the hostile strings as text', async () => {
    const group = page.locator('tbody.bucket[data-bucket="evil-bucket"]');
    await group.locator('button.toggle').click();
    const shown = (await group.locator('tr.detail').textContent()) ?? '';
    expect(shown).toContain(HOSTILE.scriptOrigin);
    expect(shown).toContain(HOSTILE.attributeBreak);
    expect(shown).toContain(HOSTILE.scriptClose);
    expect(shown).toMatch(/J{50,}… \[\+\d+ chars\]/);
    expect(shown).not.toContain(HOSTILE.junk);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (globalThis as unknown as { __pwnedTrap?: unknown }).__pwnedTrap)).toBe(true);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('attempts no network request besides the file itself, and the CSP is not violated', async () => {
    expect(requests).toEqual([fileUrl]);
    expect(consoleErrors.filter((message) => /Content Security Policy/i.test(message))).toEqual([]);
  });

  it('shows the fleet section with hostile shared origins as text, running none of them', async () => {
    const snapshot = hostileSnapshot();
    const evil = snapshot.buckets.find((bucket) => bucket.bucket === 'evil-bucket');
    if (!evil) throw new Error('hostileSnapshot() lost its evil-bucket');
    // The same hostile configuration stamped on three more buckets of one family, and a fourth without CORS: recurring and drift.
    snapshot.buckets.push(...[1, 2, 3].map((index) => ({ ...evil, bucket: `evil-bucket-${index}`, configHash: configHash(evil.corsRules ?? []) })), { accountId: evil.accountId, bucket: 'evil-bucket-4', status: 'no-cors', findings: [], lastScanId: evil.lastScanId, lastScannedAt: evil.lastScannedAt });
    const file = join(directory, 'fleet.html');
    await writeFile(file, renderHtmlReport(snapshot));
    const fleetPage = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      await fleetPage.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const recurring = fleetPage.locator('#fleet-recurring tbody tr');
      expect(await recurring.count()).toBe(1);
      const shown = (await recurring.textContent()) ?? '';
      expect(shown).toContain(HOSTILE.scriptOrigin);
      expect(shown).toContain(HOSTILE.attributeBreak);
      expect(shown).not.toContain(HOSTILE.junk);
      expect(await fleetPage.locator('#fleet-drift tbody tr .bucket-name').allTextContents()).toEqual(['evil-bucket-4']);
      expect(await fleetPage.locator('#fleet-drift tbody tr').textContent()).toContain('no CORS');
      expect(await fleetPage.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await fleetPage.locator('script').count()).toBe(1);
      expect(await fleetPage.locator('img').count()).toBe(0);
    } finally {
      await fleetPage.close();
    }
  });

  it('takes the docs screenshot (prod-uploads expanded, in a page of its own) as a real PNG of the viewport', async () => {
    // Into this run's temp dir: the committed docs/report-screenshot.png changes only by `npm run docs:screenshot`.
    const path = join(directory, 'report-screenshot.png');
    await screenshotReport(browser, fileUrl, path);
    const png = await readFile(path);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // The first chunk is IHDR: width and height of the image, the viewport at scale 1.
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual(SCREENSHOT_VIEWPORT);
    // A rendered report with an open bucket: about 100 KB (a nearly empty page is about 12 KB), not megabytes.
    expect(png.length).toBeGreaterThan(20_000);
    expect(png.length).toBeLessThan(5_000_000);
  });
});
