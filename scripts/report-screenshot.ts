// Regenerates docs/report-screenshot.png on purpose (`npm run docs:screenshot`; another path as the first
// argument), through the code the browser test checks (test/support/report-screenshot.ts): the hostile
// sample report, prod-uploads expanded, 1200×900. Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtmlReport } from '../lib/report/html';
import { launchChromium, screenshotReport } from '../test/support/report-screenshot';
import { hostileSnapshot } from '../test/unit/report/sample-snapshot';

const target = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'docs', 'report-screenshot.png'));
const browser = await launchChromium();
const directory = await mkdtemp(join(tmpdir(), 's3-cors-report-screenshot-'));
try {
  const file = join(directory, 'report.html');
  await writeFile(file, renderHtmlReport(hostileSnapshot()));
  await screenshotReport(browser, pathToFileURL(file).href, target);
  console.log(`wrote ${relative(process.cwd(), target) || target}`);
} finally {
  await browser.close();
  await rm(directory, { recursive: true, force: true });
}
