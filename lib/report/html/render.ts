// The self-contained HTML report: one file, inline CSS and one inline script admitted by its hash.
// Every value is escaped server-side; the CSP forbids every other script, any network request and forms.
import { createHash } from 'node:crypto';
import { SEVERITIES } from '../../engine/types';
import type { ReportSnapshot, ScanSummary } from '../model';
import { accountTotals } from '../text-summary';
import { renderBucketTable, severityBadge, text } from './bucket-table';
import { CLIENT_SCRIPT } from './client-script';
import { renderFleetSection } from './fleet-section';
import { REPORT_STYLES } from './styles';
import { renderTrendChart, scansForChart } from './trend-chart';

const SCRIPT_HASH = createHash('sha256').update(CLIENT_SCRIPT).digest('base64');
/** `default-src 'none'` blocks images, fonts, fetch, frames; only the hashed script may run. */
export const REPORT_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
const SEVERITY_ORDER = [...SEVERITIES].reverse();
const LIST_MAX = 200;

export function renderHtmlReport(snapshot: ReportSnapshot): string {
  const scan = snapshot.latestScan;
  const title = `S3 CORS audit report: ${text(scan.scanId, 100)}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${REPORT_STYLES}</style>
</head>
<body>
<header><h1>${title}</h1>
<p class="meta">Scan ${text(scan.status, 20)} (${text(scan.trigger, 20)}), started ${text(scan.startedAt, 40)}${scan.finishedAt ? `, finished ${text(scan.finishedAt, 40)}` : ''}. Report generated ${text(snapshot.generatedAt, 40)}.</p></header>
<main>
<section id="summary"><h2>Active findings by severity</h2>${severityCards(scan)}</section>
<section id="trend" class="chart"><h2>Findings over time</h2>${renderTrendChart(scansForChart(snapshot.history, scan))}</section>
<section id="accounts"><h2>By account</h2>${accountsTable(snapshot)}</section>
<section id="bucket-list"><h2>Buckets</h2>${renderBucketTable(snapshot.buckets)}</section>
<section id="fleet"><h2>Fleet</h2>${renderFleetSection(snapshot.buckets)}</section>
<section id="coverage"><h2>Coverage: what was and was not covered</h2>${coverage(scan, snapshot)}</section>
<section id="errors"><h2>Scan errors</h2>${scanErrors(scan)}</section>
</main>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

function severityCards(scan: ScanSummary): string {
  const total = SEVERITIES.reduce((sum, severity) => sum + scan.findingsBySeverity[severity], 0);
  const cards = SEVERITY_ORDER.map((severity) => `<div class="card ${severity}" data-severity="${severity}"><span class="count">${scan.findingsBySeverity[severity]}</span>${severity}</div>`);
  return `<div class="cards">${cards.join('')}<div class="card total"><span class="count" id="total-findings">${total}</span>total</div></div>`;
}

function accountsTable(snapshot: ReportSnapshot): string {
  const rows = accountTotals(snapshot.buckets).map((account) =>
    `<tr><td class="nowrap">${text(account.accountId, 40)}</td><td>${text(account.accountName, 120)}</td><td class="num">${account.buckets}</td><td class="num">${account.evaluated}</td><td class="num">${account.unknown}</td>${SEVERITY_ORDER.map((severity) => `<td class="num">${account.findings[severity]}</td>`).join('')}</tr>`);
  return `<table id="accounts-table"><thead><tr><th>Account</th><th>Name</th><th class="num">Buckets</th><th class="num">Evaluated</th><th class="num">Unknown</th>${SEVERITY_ORDER.map((severity) => `<th class="num">${severityBadge(severity)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function coverage(scan: ScanSummary, snapshot: ReportSnapshot): string {
  const c = scan.coverage;
  const notCovered = [
    ...scan.accountErrors.map((error) => `Account ${text(error.accountId, 40)}: ${text(error.stage, 30)}${error.region ? ` in ${text(error.region, 30)}` : ''} failed (${text(error.code, 80)})`),
    ...scan.accountsPending.map((accountId) => `Account ${text(accountId, 40)}: still pending`),
  ];
  const unknown = snapshot.buckets.filter((bucket) => bucket.status === 'unknown').length;
  if (unknown > 0) notCovered.push(`${unknown} bucket(s) unreadable: not assessed, neither pass nor fail`);
  return `<ul>
<li>Accounts: ${c.accountsTotal} total, ${c.accountsScanned} scanned, ${c.accountsFailed} failed${scan.accountsPending.length > 0 ? `, ${scan.accountsPending.length} pending` : ''}</li>
<li>Buckets: ${c.bucketsListed} listed, ${c.bucketsEvaluated} evaluated, ${c.bucketsWithoutCors} without CORS, ${c.bucketsGone} gone, ${c.bucketsUnknown} unknown</li>
</ul>
${notCovered.length > 0 ? `<p><strong>Not covered:</strong></p><ul class="not-covered">${notCovered.slice(0, LIST_MAX).map((item) => `<li>${item}</li>`).join('')}${more(notCovered.length)}</ul>` : '<p>Not covered: nothing; every listed bucket has an outcome.</p>'}`;
}

function scanErrors(scan: ScanSummary): string {
  const rows = [
    ...scan.accountErrors.map((error) => [error.accountId, `(account: ${error.stage})`, error.region ?? '', error.code, error.message]),
    ...scan.bucketErrors.map((error) => [error.accountId, error.bucket, error.region ?? '', error.code, error.message]),
  ];
  if (rows.length === 0) return '<p>None.</p>';
  const body = rows.slice(0, LIST_MAX).map((row) => `<tr>${row.map((cell, index) => `<td${index === 0 || index === 2 ? ' class="nowrap"' : ''}>${text(cell, index === 4 ? 400 : 120)}</td>`).join('')}</tr>`).join('');
  return `<table id="errors-table"><thead><tr><th>Account</th><th>Bucket</th><th>Region</th><th>Code</th><th>Message</th></tr></thead><tbody>${body}</tbody></table>${rows.length > LIST_MAX ? `<p>… and ${rows.length - LIST_MAX} more</p>` : ''}`;
}

function more(count: number): string {
  return count > LIST_MAX ? `<li>… and ${count - LIST_MAX} more</li>` : '';
}
