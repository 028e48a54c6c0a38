// The scan summary for terminals and CI logs: coverage first (what was and was not covered), then
// findings by severity, accounts, worst buckets and scan errors, as aligned plain-text tables.
import { SEVERITIES, type Severity } from '../engine/types';
import { escapeTerminal, truncateText } from './escape';
import { CHANGE_KINDS, type BucketState, type FindingRecord, type ReportSnapshot, type ScanSummary } from './model';

export interface TextSummaryOptions {
  /** ANSI colours for severities and headings; off unless asked (CI logs and pipes stay clean). */
  color?: boolean;
  /** Maximum line width; wide columns are truncated with a marker. Default 100. */
  width?: number;
}

const SEVERITY_COLOR: Record<Severity, string> = { critical: '\u001b[1;31m', high: '\u001b[31m', medium: '\u001b[33m', low: '\u001b[36m', info: '\u001b[2m' };
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';
const SEVERITY_ORDER = [...SEVERITIES].reverse();
/** Rows shown per table before "... and N more": a summary, not an export. */
const MAX_ROWS = 20;

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Columns that may shrink when the table is wider than the line. */
  flexible?: boolean;
}

type Paint = (text: string, code: string) => string;

export function renderTextSummary(snapshot: ReportSnapshot, options: TextSummaryOptions = {}): string {
  const width = Math.max(40, options.width ?? 100);
  const paint: Paint = options.color ? (text, code) => `${code}${text}${RESET}` : (text) => text;
  const scan = snapshot.latestScan;
  const sections = [
    headline(scan, snapshot.generatedAt, paint),
    section('Coverage: what was and was not covered', coverageLines(scan, snapshot.buckets, width), paint),
    section('Findings by severity', severityLines(scan, paint), paint),
    section('Accounts', table(ACCOUNT_COLUMNS, accountRows(snapshot.buckets), width), paint),
    section('Worst buckets', table(WORST_COLUMNS, worstRows(scan, snapshot.buckets), width), paint),
    section('Scan errors', scanErrorLines(scan, width), paint),
  ];
  return `${sections.join('\n\n')}\n`;
}

function headline(scan: ScanSummary, generatedAt: string, paint: Paint): string {
  const state = scan.status === 'complete' ? 'complete' : `running, ${scan.accountsPending.length} account(s) pending`;
  return [
    paint(`S3 CORS audit: scan ${clean(scan.scanId, 80)} (${scan.trigger}, ${state})`, BOLD),
    `Started ${clean(scan.startedAt, 40)}${scan.finishedAt ? `, finished ${clean(scan.finishedAt, 40)}` : ''}; report generated ${clean(generatedAt, 40)}`,
  ].join('\n');
}

function section(title: string, lines: string[], paint: Paint): string {
  return [paint(title, BOLD), ...(lines.length > 0 ? lines : ['  none'])].join('\n');
}

function coverageLines(scan: ScanSummary, buckets: BucketState[], width: number): string[] {
  const c = scan.coverage;
  const lines = [
    `  Accounts  ${c.accountsTotal} total: ${c.accountsScanned} scanned, ${c.accountsFailed} failed${scan.accountsPending.length > 0 ? `, ${scan.accountsPending.length} pending` : ''}`,
    `  Buckets   ${c.bucketsListed} listed: ${c.bucketsEvaluated} evaluated, ${c.bucketsWithoutCors} without CORS, ${c.bucketsGone} gone, ${c.bucketsUnknown} unknown`,
  ];
  const notCovered = [
    ...scan.accountErrors.map((error) => `account ${error.accountId} (${error.stage}${error.region ? ` ${error.region}` : ''}: ${error.code})`),
    ...scan.accountsPending.map((accountId) => `account ${accountId} (still pending)`),
  ];
  const unknown = buckets.filter((bucket) => bucket.status === 'unknown').length;
  if (unknown > 0) notCovered.push(`${unknown} bucket(s) unreadable: not assessed, neither pass nor fail`);
  if (notCovered.length === 0) return [...lines, '  Not covered: nothing; every listed bucket has an outcome'];
  return [...lines, '  Not covered:', ...notCovered.slice(0, MAX_ROWS).map((item) => `    - ${clean(item, width - 6)}`), ...more(notCovered.length)];
}

function severityLines(scan: ScanSummary, paint: Paint): string[] {
  const total = SEVERITIES.reduce((sum, severity) => sum + scan.findingsBySeverity[severity], 0);
  const lines = SEVERITY_ORDER.map((severity) => `  ${paint(severity.padEnd(9), SEVERITY_COLOR[severity])}${String(scan.findingsBySeverity[severity]).padStart(6)}`);
  lines.push(`  ${'total'.padEnd(9)}${String(total).padStart(6)}`);
  const changes = CHANGE_KINDS.filter((kind) => scan.changes[kind] > 0).map((kind) => `${scan.changes[kind]} ${kind}`);
  lines.push(`  Since the previous scan: ${changes.length > 0 ? changes.join(', ') : 'no change'}`);
  return lines;
}

const ACCOUNT_COLUMNS: Column[] = [
  { header: 'ACCOUNT' },
  { header: 'NAME', flexible: true },
  { header: 'BUCKETS', align: 'right' },
  { header: 'EVALUATED', align: 'right' },
  { header: 'UNKNOWN', align: 'right' },
  ...SEVERITY_ORDER.map((severity): Column => ({ header: severity.toUpperCase(), align: 'right' })),
];

/** Per-account totals from the latest bucket states (shared with the HTML report). */
export interface AccountTotals {
  accountId: string;
  accountName: string;
  buckets: number;
  evaluated: number;
  unknown: number;
  /** Active findings (not resolved, not suppressed) by severity. */
  findings: Record<Severity, number>;
}

export function accountTotals(buckets: readonly BucketState[]): AccountTotals[] {
  const accounts = new Map<string, BucketState[]>();
  for (const bucket of buckets) accounts.set(bucket.accountId, [...(accounts.get(bucket.accountId) ?? []), bucket]);
  return [...accounts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([accountId, states]) => {
    const active = states.flatMap((state) => state.findings.filter(isActive));
    return {
      accountId,
      accountName: states.find((state) => state.accountName)?.accountName ?? '',
      buckets: states.length,
      evaluated: states.filter((state) => state.status === 'evaluated').length,
      unknown: states.filter((state) => state.status === 'unknown').length,
      findings: Object.fromEntries(SEVERITIES.map((severity) => [severity, active.filter((finding) => finding.severity === severity).length])) as Record<Severity, number>,
    };
  });
}

/** Resolved and suppressed findings are kept for the record but are not open risk. */
export function isActive(finding: FindingRecord): boolean {
  return finding.change !== 'resolved' && finding.change !== 'suppressed';
}

function accountRows(buckets: BucketState[]): string[][] {
  return accountTotals(buckets).map((totals) => [
    totals.accountId,
    totals.accountName,
    String(totals.buckets),
    String(totals.evaluated),
    String(totals.unknown),
    ...SEVERITY_ORDER.map((severity) => String(totals.findings[severity])),
  ]);
}

const WORST_COLUMNS: Column[] = [
  { header: 'SCORE', align: 'right' },
  { header: 'GRADE' },
  { header: 'ACCOUNT' },
  { header: 'BUCKET', flexible: true },
  { header: 'TOP FINDING', flexible: true },
];

function worstRows(scan: ScanSummary, buckets: BucketState[]): string[][] {
  return scan.worstBuckets.map((worst) => {
    const state = buckets.find((bucket) => bucket.accountId === worst.accountId && bucket.bucket === worst.bucket);
    const top = [...(state?.findings ?? [])].sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity))[0];
    return [String(worst.score), worst.grade, worst.accountId, worst.bucket, top ? `${top.severity}: ${top.title}` : ''];
  });
}

function scanErrorLines(scan: ScanSummary, width: number): string[] {
  const rows = [
    ...scan.accountErrors.map((error) => [error.accountId, `(account: ${error.stage})`, error.region ?? '', error.code, error.message]),
    ...scan.bucketErrors.map((error) => [error.accountId, error.bucket, error.region ?? '', error.code, error.message]),
  ];
  return table([{ header: 'ACCOUNT' }, { header: 'BUCKET', flexible: true }, { header: 'REGION' }, { header: 'CODE', flexible: true }, { header: 'MESSAGE', flexible: true }], rows, width);
}

/** One terminal-safe cell: escaped, then bounded so a 60 KB value cannot flood the log. */
function clean(value: string, max: number): string {
  return truncateText(escapeTerminal(value), Math.max(1, max));
}

function more(count: number, shown = MAX_ROWS): string[] {
  return count > shown ? [`  ... and ${count - shown} more`] : [];
}

/** Aligned table, indented two spaces; flexible columns shrink (longest first) until the line fits `width`. */
export function table(columns: Column[], rows: string[][], width: number, maxRows = MAX_ROWS): string[] {
  if (rows.length === 0) return [];
  const shown = rows.slice(0, maxRows).map((row) => columns.map((_, index) => clean(row[index] ?? '', 200)));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...shown.map((row) => row[index]?.length ?? 0)));
  const gap = 2;
  const budget = width - 2 - gap * (columns.length - 1);
  let total = widths.reduce((sum, value) => sum + value, 0);
  while (total > budget) {
    const widest = widths.reduce((best, value, index) => (columns[index]?.flexible && value > (widths[best] ?? 0) ? index : best), -1);
    if (widest < 0 || (widths[widest] ?? 0) <= 8) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total -= 1;
  }
  const line = (cells: string[]) =>
    `  ${cells
      .map((cell, index) => {
        const size = widths[index] ?? 0;
        const text = truncateText(cell, size, { compact: true });
        return columns[index]?.align === 'right' ? text.padStart(size) : text.padEnd(size);
      })
      .join(' '.repeat(gap))
      .trimEnd()}`;
  return [line(columns.map((column) => column.header)), ...shown.map(line), ...more(rows.length, maxRows)];
}
