// `s3-cors-audit report`: the report API's questions from a terminal, read from the report table with
// your credentials (default chain; AWS_PROFILE and AWS_REGION as usual). Aligned tables by default,
// `--format json|csv` for scripts. Filters share the API's validation (lib/report/query-api.ts).
import { parseArgs } from 'node:util';
import { ConfigError, loadSettings } from '../config';
import { SEVERITIES, type Severity } from '../engine/types';
import { findingsToCsv } from '../report/csv';
import type { FindingRecord, ScanSummary } from '../report/model';
import type { ReportTable } from '../report/ports';
import { bucketsParams, diffParams, findingsParams, fleetParams, parseParams, scanPairParams, trendParams } from '../report/query-api';
import { scanIdSchema } from '../scan/messages';
import { diffScans, fleetView, getBucket, getScan, latestScan, listBuckets, listFindings, ReportQueryError, scanTrend, type BucketRow, type FleetView, type Page, type ScanDiff, type TrendPoint } from '../report/queries';
import { table, type Column } from '../report/text-summary';
import { CliUsageError, oneLine, type CommandIo } from './io';
import { toReadableJson } from '../report/escape';

const QUESTIONS = ['findings', 'summary', 'trend', 'diff', 'buckets', 'bucket', 'fleet'] as const;
type Question = (typeof QUESTIONS)[number];
const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];
/** With --all, pages are followed up to this many rows: an export, still bounded. */
const MAX_ALL_ROWS = 100_000;
const WIDTH = 120;

const USAGE = `Usage: s3-cors-audit report <question> [filters] [--table NAME] [--format ${FORMATS.join('|')}]

Questions:
  findings              findings of the latest state (or of --scan ID), most severe first
                        [--account ID] [--bucket NAME] [--severity S | --min-severity S] [--rule ID]
                        [--change KIND] [--scan ID] [--status open|suppressed|resolved|all]
                        [--limit N] [--cursor C] [--all]
  summary [SCAN_ID]     a scan's summary: coverage, findings by severity, scan errors (default: latest)
  trend                 the last N scans, oldest first [--last N]
  diff FROM_ID TO_ID    findings added, removed and re-rated between two scans [--limit N]
  buckets               latest bucket states, worst first [--account ID] [--grade A-F] [--status S] [--limit N] [--all]
  bucket ACCOUNT NAME   one bucket's latest state with its findings
  fleet                 configurations stamped on many buckets, and buckets that drifted from the
                        configuration most buckets of their name family share [--limit N]
  --rescans             summary/trend over event-driven rescans instead of the scheduled scans

--table NAME defaults to REPORT_TABLE_NAME. Example: which buckets let any website write?
  s3-cors-audit report findings --rule S3CORS-ANY-ORIGIN-WRITE --table s3-cors-audit-prod-ReportTable-XXXX
Exit status: 0 answered, 1 nothing recorded (no such scan or bucket), 2 bad input or flags.`;

/** The AWS side, injectable so tests point the command at a local table. */
export interface ReportCommandDeps {
  openTable(tableName: string | undefined): Promise<ReportTable>;
}

const realDeps: ReportCommandDeps = {
  openTable: async (tableName) => {
    let settings;
    try {
      settings = loadSettings();
    } catch (error) {
      if (error instanceof ConfigError) throw new CliUsageError(oneLine(error.problems.join('; ')));
      throw error;
    }
    const name = tableName ?? settings.REPORT_TABLE_NAME;
    if (name === undefined) throw new CliUsageError('name the report table with --table NAME (or set REPORT_TABLE_NAME)');
    // Loaded here so --help and usage errors never load the SDK.
    const { createReportTable } = await import('../aws/report-table');
    return createReportTable({ ...settings, REPORT_TABLE_NAME: name });
  },
};

export async function run(args: string[], io: CommandIo, deps: ReportCommandDeps = realDeps): Promise<number> {
  const flags = parseFlags(args);
  if (flags === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const reportTable = await deps.openTable(flags.table);
  try {
    io.stdout(await answer(reportTable, flags));
    return 0;
  } catch (error) {
    if (error instanceof ReportQueryError && error.kind === 'invalid') throw new CliUsageError(oneLine(error.message));
    if (error instanceof ReportQueryError || (error as Error).name === 'CursorError') {
      io.stderr(`s3-cors-audit report: ${oneLine((error as Error).message)}\n`);
      return error instanceof ReportQueryError ? 1 : 2;
    }
    if ((error as Error).name === 'ResourceNotFoundException') throw new CliUsageError(`table ${oneLine(flags.table ?? 'REPORT_TABLE_NAME')} does not exist in this account and region`);
    throw error;
  }
}

interface ReportFlags {
  question: Question;
  positionals: string[];
  format: Format;
  table?: string;
  all: boolean;
  rescans: boolean;
  /** API parameter names → values, validated by the API's schemas. */
  params: Record<string, string>;
}

/** CLI flag → API parameter. */
const PARAM_FLAGS: Record<string, string> = {
  account: 'accountId',
  bucket: 'bucket',
  severity: 'severity',
  'min-severity': 'minSeverity',
  rule: 'ruleId',
  change: 'change',
  scan: 'scanId',
  status: 'status',
  limit: 'limit',
  cursor: 'cursor',
  grade: 'grade',
  last: 'last',
};
/** Which filters each question takes: anything else is a usage error, not silently ignored. */
const QUESTION_FLAGS: Record<Question, { flags: string[]; positionals: [number, number] }> = {
  findings: { flags: ['account', 'bucket', 'severity', 'min-severity', 'rule', 'change', 'scan', 'status', 'limit', 'cursor'], positionals: [0, 0] },
  summary: { flags: [], positionals: [0, 1] },
  trend: { flags: ['last'], positionals: [0, 0] },
  diff: { flags: ['limit'], positionals: [2, 2] },
  buckets: { flags: ['account', 'grade', 'status', 'limit', 'cursor'], positionals: [0, 0] },
  bucket: { flags: [], positionals: [2, 2] },
  fleet: { flags: ['limit'], positionals: [0, 0] },
};

function parseFlags(args: string[]): ReportFlags | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(Object.keys(PARAM_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
        table: { type: 'string' },
        format: { type: 'string', default: 'table' },
        all: { type: 'boolean', default: false },
        rescans: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CliUsageError(oneLine((error as Error).message));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [question, ...rest] = positionals;
  if (question === undefined) throw new CliUsageError(`name a question: ${QUESTIONS.join(', ')} (see --help)`);
  if (!QUESTIONS.includes(question as Question)) throw new CliUsageError(`unknown question "${oneLine(question).slice(0, 40)}"; expected one of ${QUESTIONS.join(', ')}`);
  const format = values.format as string;
  if (!FORMATS.includes(format as Format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')} (got "${oneLine(format).slice(0, 40)}")`);
  const accepted = QUESTION_FLAGS[question as Question];
  const params: Record<string, string> = {};
  for (const [flag, param] of Object.entries(PARAM_FLAGS)) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value !== 'string') continue;
    if (!accepted.flags.includes(flag)) throw new CliUsageError(`${question} does not take --${flag}`);
    params[param] = value;
  }
  const [min, max] = accepted.positionals;
  if (rest.length < min || rest.length > max) throw new CliUsageError(`${question} takes ${min === max ? min : `${min}-${max}`} argument${max === 1 ? '' : 's'} (got ${rest.length}); see --help`);
  if (format === 'csv' && question !== 'findings') throw new CliUsageError('--format csv is for findings; use json for the other questions');
  return { question: question as Question, positionals: rest, format: format as Format, ...(values.table !== undefined ? { table: values.table } : {}), all: values.all === true, rescans: values.rescans === true, params };
}

/** A flag's API name back to the flag, so a validation error names what the user typed. */
function asFlagError(error: unknown): never {
  if (!(error instanceof ReportQueryError)) throw error;
  const flagOf = Object.fromEntries(Object.entries(PARAM_FLAGS).map(([flag, param]) => [param, `--${flag}`]));
  throw new CliUsageError(oneLine(error.message.replace(/(^|; )(\w+):/g, (match, lead: string, param: string) => (flagOf[param] ? `${lead}${flagOf[param]}:` : match))));
}

function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    return asFlagError(error);
  }
}

async function answer(reportTable: ReportTable, flags: ReportFlags): Promise<string> {
  const family = flags.rescans ? 'rescans' : 'scheduled';
  switch (flags.question) {
    case 'findings': {
      const query = validated(() => parseParams(findingsParams, flags.params));
      const page = await allPages(flags.all, query.cursor, (cursor) => listFindings(reportTable, { ...query, ...(cursor !== undefined ? { cursor } : {}) }));
      if (flags.format === 'csv') return findingsToCsv(page.items);
      if (flags.format === 'json') return json({ findings: page.items, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) });
      return renderFindings(page);
    }
    case 'summary': {
      const [scanId] = flags.positionals;
      if (scanId !== undefined) validated(() => parseParams(scanIdSchema, scanId));
      const scan = scanId !== undefined ? await getScan(reportTable, scanId) : await latestScan(reportTable, family);
      if (!scan) throw new ReportQueryError('no scan has been recorded yet', 'not-found');
      return flags.format === 'json' ? json({ scan }) : renderSummary(scan);
    }
    case 'trend': {
      const { last } = validated(() => parseParams(trendParams, flags.params));
      const scans = await scanTrend(reportTable, last, family);
      return flags.format === 'json' ? json({ scans }) : renderTrend(scans);
    }
    case 'diff': {
      const [from = '', to = ''] = flags.positionals;
      validated(() => parseParams(scanPairParams, { from, to }));
      const { limit } = validated(() => parseParams(diffParams, flags.params));
      const diff = await diffScans(reportTable, from, to, limit);
      return flags.format === 'json' ? json(diff) : renderDiff(diff);
    }
    case 'buckets': {
      const query = validated(() => parseParams(bucketsParams, flags.params));
      const page = await allPages(flags.all, query.cursor, (cursor) => listBuckets(reportTable, { ...query, ...(cursor !== undefined ? { cursor } : {}) }));
      return flags.format === 'json' ? json({ buckets: page.items, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) }) : renderBuckets(page);
    }
    case 'fleet': {
      const { limit } = validated(() => parseParams(fleetParams, flags.params));
      const view = await fleetView(reportTable, limit);
      return flags.format === 'json' ? json(view) : renderFleet(view);
    }
    case 'bucket': {
      const [accountId = '', bucket = ''] = flags.positionals;
      if (!/^\d{12}$/.test(accountId)) throw new CliUsageError(`bucket: "${oneLine(accountId).slice(0, 40)}" is not a 12-digit account id`);
      const state = await getBucket(reportTable, accountId, bucket);
      if (flags.format === 'json') return json({ bucket: state });
      const head = `${state.accountId} ${oneLine(state.bucket)}${state.region ? ` (${state.region})` : ''}: ${state.status}${state.grade ? `, grade ${state.grade} (${state.score})` : ''}, last scanned ${state.lastScannedAt}\n`;
      return head + renderFindings({ items: state.findings });
    }
  }
}

/** One page, or with --all every page up to MAX_ALL_ROWS. */
async function allPages<T>(all: boolean, cursor: string | undefined, read: (cursor: string | undefined) => Promise<Page<T>>): Promise<Page<T>> {
  let page = await read(cursor);
  const items = [...page.items];
  while (all && page.cursor !== undefined && items.length < MAX_ALL_ROWS) {
    page = await read(page.cursor);
    items.push(...page.items);
  }
  return { items, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) };
}

const json = (value: unknown) => `${toReadableJson(value, 2)}\n`;

function lines(rows: string[], footer: string[] = []): string {
  return `${[...rows, ...footer].join('\n')}\n`;
}

function nextPage(cursor: string | undefined): string[] {
  return cursor === undefined ? [] : [`  more: --cursor ${cursor}  (or --all)`];
}

const FINDING_COLUMNS: Column[] = [{ header: 'SEVERITY' }, { header: 'ACCOUNT' }, { header: 'BUCKET', flexible: true }, { header: 'RULE' }, { header: 'CHANGE' }, { header: 'MESSAGE', flexible: true }];

function renderFindings(page: Page<FindingRecord>): string {
  if (page.items.length === 0) return lines(['  no findings match'], nextPage(page.cursor));
  const rows = page.items.map((finding) => [finding.severity, finding.accountId, finding.bucket, finding.ruleId, finding.suppression ? 'suppressed' : finding.change, finding.message]);
  return lines(table(FINDING_COLUMNS, rows, WIDTH, Number.POSITIVE_INFINITY), [`  ${page.items.length} finding${page.items.length === 1 ? '' : 's'}`, ...nextPage(page.cursor)]);
}

const BUCKET_COLUMNS: Column[] = [{ header: 'SCORE', align: 'right' }, { header: 'GRADE' }, { header: 'ACCOUNT' }, { header: 'BUCKET', flexible: true }, { header: 'REGION' }, { header: 'STATUS' }, { header: 'OPEN', align: 'right' }, { header: 'WORST' }];

function renderBuckets(page: Page<BucketRow>): string {
  if (page.items.length === 0) return lines(['  no buckets match'], nextPage(page.cursor));
  const rows = page.items.map((row) => [row.score === undefined ? '-' : String(row.score), row.grade ?? '-', row.accountId, row.bucket, row.region ?? '', row.error ? `unknown: ${row.error.code}` : row.status, String(row.openFindings), row.worstSeverity ?? '']);
  return lines(table(BUCKET_COLUMNS, rows, WIDTH, Number.POSITIVE_INFINITY), nextPage(page.cursor));
}

const SEVERITIES_DOWN: Severity[] = [...SEVERITIES].reverse();

function renderSummary(scan: ScanSummary): string {
  const { coverage } = scan;
  const errors = [...scan.accountErrors.map((error) => [error.accountId, '(account)', error.code, error.message]), ...scan.bucketErrors.map((error) => [error.accountId, error.bucket, error.code, error.message])];
  return lines([
    `  scan ${scan.scanId} (${scan.trigger}) ${scan.status}, started ${scan.startedAt}${scan.finishedAt ? `, finished ${scan.finishedAt}` : ''}`,
    `  accounts: ${coverage.accountsScanned}/${coverage.accountsTotal} scanned, ${coverage.accountsFailed} failed${scan.accountsPending.length > 0 ? `, ${scan.accountsPending.length} pending` : ''}`,
    `  buckets: ${coverage.bucketsListed} listed, ${coverage.bucketsEvaluated} with CORS, ${coverage.bucketsWithoutCors} without, ${coverage.bucketsGone} gone, ${coverage.bucketsUnknown} unknown`,
    `  open findings: ${SEVERITIES_DOWN.map((severity) => `${severity} ${scan.findingsBySeverity[severity]}`).join(', ')}`,
    `  changes: new ${scan.changes.new}, worsened ${scan.changes.worsened}, resolved ${scan.changes.resolved}, suppressed ${scan.changes.suppressed}`,
    ...(errors.length > 0 ? ['', '  Scan errors (not covered):', ...table([{ header: 'ACCOUNT' }, { header: 'BUCKET', flexible: true }, { header: 'CODE' }, { header: 'MESSAGE', flexible: true }], errors, WIDTH)] : []),
  ]);
}

const TREND_COLUMNS: Column[] = [{ header: 'STARTED' }, { header: 'SCAN' }, { header: 'STATUS' }, { header: 'OPEN', align: 'right' }, { header: 'CRIT', align: 'right' }, { header: 'HIGH', align: 'right' }, { header: 'NEW', align: 'right' }, { header: 'RESOLVED', align: 'right' }, { header: 'ACCOUNTS', align: 'right' }, { header: 'UNKNOWN', align: 'right' }];

function renderTrend(points: TrendPoint[]): string {
  if (points.length === 0) return lines(['  no scan has been recorded yet']);
  const rows = points.map((point) => [point.startedAt, point.scanId, point.status, String(point.openFindings), String(point.findingsBySeverity.critical), String(point.findingsBySeverity.high), String(point.newFindings), String(point.resolvedFindings), `${point.accountsScanned}/${point.accountsScanned + point.accountsFailed}`, String(point.bucketsUnknown)]);
  return lines(table(TREND_COLUMNS, rows, WIDTH + 40, Number.POSITIVE_INFINITY));
}

function renderDiff(diff: ScanDiff): string {
  const { counts } = diff;
  // No CHANGE column: a removed finding's stored change is the one it had in the older scan.
  const columns = FINDING_COLUMNS.filter((column) => column.header !== 'CHANGE');
  const section = (title: string, findings: FindingRecord[]) => (findings.length === 0 ? [] : ['', `  ${title}:`, ...table(columns, findings.map((finding) => [finding.severity, finding.accountId, finding.bucket, finding.ruleId, finding.message]), WIDTH, Number.POSITIVE_INFINITY)]);
  const rerated = diff.severityChanged.map(({ finding, from, to }) => `    ${from} -> ${to}  ${finding.accountId} ${oneLine(finding.bucket)} ${finding.ruleId}`);
  const unknown = diff.notCompared.accounts.length + diff.notCompared.buckets.length > 0 ? ['', `  Not compared (unreadable in one scan): accounts ${diff.notCompared.accounts.join(', ') || '-'}; buckets ${diff.notCompared.buckets.map((bucket) => `${bucket.accountId}/${oneLine(bucket.bucket)}`).join(', ') || '-'}`] : [];
  return lines([
    `  ${diff.from.scanId} (${diff.from.startedAt}) -> ${diff.to.scanId} (${diff.to.startedAt})`,
    `  added ${counts.added}, removed ${counts.removed}, re-rated ${counts.severityChanged}, unchanged ${counts.unchanged}, not compared ${counts.notCompared}${diff.truncated ? ' (lists cut at --limit)' : ''}`,
    ...section('Added', diff.added),
    ...section('Removed', diff.removed),
    ...(rerated.length > 0 ? ['', '  Re-rated:', ...rerated] : []),
    ...unknown,
  ]);
}

function renderFleet(view: FleetView): string {
  const recurring = view.recurring.map((group) => [String(group.bucketCount), String(group.accountCount), group.worstGrade ?? '-', group.preview ? `${group.preview.methods.join(',')} from ${group.preview.origins.join(' ')}` : '(rules not stored)', group.buckets.map((bucket) => bucket.bucket).join(' ')]);
  const drifted = view.drifted.map((entry) => [entry.family, entry.accountId, entry.bucket, entry.actualConfigHash === null ? 'no CORS' : 'other CORS', `${entry.peers}/${entry.familySize}`, entry.scoreDelta === null ? '-' : String(entry.scoreDelta)]);
  return lines([
    `  ${view.bucketsRead} bucket states read${view.truncated ? ' (estate larger than the fleet view reads: worst-scored first)' : ''}`,
    '',
    '  Recurring configurations:',
    ...(recurring.length > 0 ? table([{ header: 'BUCKETS', align: 'right' }, { header: 'ACCOUNTS', align: 'right' }, { header: 'WORST' }, { header: 'CONFIGURATION', flexible: true }, { header: 'SAMPLE', flexible: true }], recurring, WIDTH, Number.POSITIVE_INFINITY) : ['  none: no configuration is shared by two buckets']),
    '',
    '  Drifted from their family:',
    ...(drifted.length > 0 ? table([{ header: 'FAMILY', flexible: true }, { header: 'ACCOUNT' }, { header: 'BUCKET', flexible: true }, { header: 'HOLDS' }, { header: 'PEERS' }, { header: 'SCORE Δ', align: 'right' }], drifted, WIDTH, Number.POSITIVE_INFINITY) : ['  none']),
  ]);
}
