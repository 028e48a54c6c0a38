// `s3-cors-audit lint FILE...`: runs the rule engine over CORS files before deploy (text, json or SARIF output).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseCorsDocument } from '../cors';
import type { ParsedConfiguration, SourceLocation } from '../cors/types';
import { assessBucket } from '../engine/assess';
import { SEVERITIES, type Assessment, type BucketExposure, type Finding, type Severity, type Suppression } from '../engine/types';
import { escapeTerminal, toReadableJson, truncateText } from '../report/escape';
import { renderSarif } from '../report/sarif';
import { CliUsageError, type CommandIo } from './io';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: s3-cors-audit lint FILE... [--format text|json|sarif] [--fail-on ${SEVERITIES.join('|')}] [--context FILE]

Lints S3 CORS configurations: a JSON rule array or {"CORSRules": [...]}, PutBucketCors XML,
CloudFormation (YAML or JSON) or a Terraform plan (terraform show -json).
Exit status: 0 no active finding at or above --fail-on (default high), 1 some, 2 bad input or flags.
--context FILE: JSON {"exposure": {...}, "suppressions": [...], "buckets": {"<name>": {"exposure", "suppressions"}}}.`;

const flags = z.object({ blockPublicAcls: z.boolean(), ignorePublicAcls: z.boolean(), blockPublicPolicy: z.boolean(), restrictPublicBuckets: z.boolean() }).strict();
const permission = z.enum(['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL']);
const exposureSchema = z
  .object({
    bucketPublicAccessBlock: flags.nullable().optional(),
    accountPublicAccessBlock: flags.nullable().optional(),
    policyIsPublic: z.boolean().optional(),
    aclGrants: z.object({ allUsers: z.array(permission), authenticatedUsers: z.array(permission) }).strict().optional(),
    websiteHosting: z.boolean().optional(),
  })
  .strict();
const suppressionSchema = z
  .object({
    ruleId: z.string().regex(/^S3CORS-[A-Z0-9-]+$/, 'must be a rule id such as S3CORS-ANY-ORIGIN-READ'),
    accountId: z.string().optional(),
    bucket: z.string().optional(),
    origin: z.string().optional(),
    reason: z.string().trim().min(1, 'a reason is required'),
    expiresAt: z.iso.date().or(z.iso.datetime({ offset: true })).optional(),
    source: z.string().optional(),
  })
  .strict();
const scopeSchema = z.object({ exposure: exposureSchema.optional(), suppressions: z.array(suppressionSchema).max(1000).optional() }).strict();
const contextSchema = scopeSchema.extend({ buckets: z.record(z.string(), scopeSchema).optional() }).strict();
type LintContext = z.infer<typeof contextSchema>;

/** Drops keys zod left as undefined, so optional members stay absent (exactOptionalPropertyTypes). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

function oneLine(text: string): string {
  return truncateText(escapeTerminal(text).replace(/\s+/g, ' ').trim(), 300);
}

async function readContext(path: string, io: CommandIo): Promise<LintContext> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    throw new CliUsageError(`--context ${oneLine(path)}: cannot read: ${oneLine((error as Error).message)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`--context ${oneLine(path)}: not JSON: ${oneLine((error as Error).message)}`);
  }
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new CliUsageError(`--context ${oneLine(path)}: ${oneLine(where)}: ${oneLine(issue?.message ?? 'invalid')}`);
  }
  return parsed.data;
}

function suppressionsOf(list: LintContext['suppressions'], source: string): Suppression[] {
  return (list ?? []).map((item) => defined({ ...item, source: item.source ?? source }) as Suppression);
}

interface LintedBucket {
  name: string;
  location: SourceLocation;
  assessment: Assessment;
}

/**
 * The bucket name context and suppressions know a configuration by: its resource (a CloudFormation logical id, a
 * Terraform address), which every branch of a condition (`Uploads [IsProd=true]`) shares, else its own name.
 */
function bucketNameOf(parsed: ParsedConfiguration): string {
  return parsed.location.resource ?? parsed.name;
}

function lintConfiguration(parsed: ParsedConfiguration, context: LintContext, contextPath: string | undefined): LintedBucket {
  const bucket = bucketNameOf(parsed);
  const scoped = context.buckets?.[parsed.name] ?? context.buckets?.[bucket];
  const exposure = scoped?.exposure ?? context.exposure;
  const source = contextPath ?? 'context';
  const assessment = assessBucket({
    config: parsed.config,
    ...(exposure ? { exposure: defined(exposure) as BucketExposure } : {}),
    suppressions: [...suppressionsOf(context.suppressions, source), ...suppressionsOf(scoped?.suppressions, source)],
    target: { bucket },
  });
  return { name: parsed.name, location: parsed.location, assessment };
}

function findingJson(finding: Finding) {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    title: finding.title,
    message: finding.message,
    ruleIndex: finding.ruleIndex,
    location: finding.location,
    baseSeverity: finding.baseSeverity,
    ...(finding.severityReason ? { severityReason: finding.severityReason } : {}),
    evidence: finding.evidence,
  };
}

function renderJson(files: readonly { file: string; buckets: LintedBucket[] }[]): string {
  const document = {
    files: files.map(({ file, buckets }) => ({
      file,
      buckets: buckets.map(({ name, assessment }) => ({
        name,
        score: assessment.score,
        grade: assessment.grade,
        findings: assessment.findings.map(findingJson),
        suppressed: assessment.suppressed.map((finding) => ({ ...findingJson(finding), suppression: finding.suppression })),
        expiredSuppressions: assessment.expiredSuppressions,
      })),
    })),
  };
  return `${toReadableJson(document, 2)}\n`;
}

const COLOUR: Record<Severity, string> = { critical: '\u001b[1;35m', high: '\u001b[31m', medium: '\u001b[33m', low: '\u001b[36m', info: '\u001b[2m' };
const RESET = '\u001b[0m';

function renderText(files: readonly { file: string; buckets: LintedBucket[] }[], colour: boolean): string {
  const paint = (severity: Severity, text: string) => (colour ? `${COLOUR[severity]}${text}${RESET}` : text);
  const safe = (text: string, max = 400) => truncateText(escapeTerminal(text), max);
  const lines: string[] = [];
  const totals = new Map<Severity, number>();
  for (const { file, buckets } of files) {
    lines.push(safe(file, 200));
    for (const { name, assessment } of buckets) {
      lines.push(`  ${safe(name, 120)}  score ${assessment.score} (${assessment.grade})`);
      if (assessment.findings.length === 0) lines.push('    no findings');
      for (const finding of assessment.findings) {
        totals.set(finding.severity, (totals.get(finding.severity) ?? 0) + 1);
        const where = [finding.ruleIndex === null ? 'configuration' : `rule ${finding.ruleIndex + 1}`, finding.location.line ? `line ${finding.location.line}` : ''].filter(Boolean).join(', ');
        lines.push(`    ${paint(finding.severity, finding.severity.toUpperCase().padEnd(8))} ${finding.ruleId}  (${where})`);
        lines.push(`             ${safe(finding.message)}`);
        if (finding.severityReason) lines.push(`             ${safe(finding.severityReason)}`);
      }
      if (assessment.suppressed.length > 0) lines.push(`    ${assessment.suppressed.length} finding(s) suppressed`);
      for (const expired of assessment.expiredSuppressions) lines.push(`    expired suppression for ${safe(expired.ruleId, 80)} (${safe(expired.expiresAt ?? '', 40)})`);
    }
  }
  const summary = [...SEVERITIES].reverse().flatMap((severity) => (totals.get(severity) ? [`${totals.get(severity)} ${severity}`] : []));
  lines.push('', summary.length > 0 ? `${summary.join(', ')}` : 'No findings.');
  return `${lines.join('\n')}\n`;
}

function parseFlags(args: string[]): { files: string[]; format: Format; failOn: Severity; context?: string; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, 'fail-on': { type: 'string', default: 'high' }, context: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new CliUsageError(oneLine((error as Error).message));
  }
  const { format, 'fail-on': failOn, context, help } = parsed.values;
  if (!FORMATS.includes(format as Format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')}, not "${oneLine(String(format)).slice(0, 40)}"`);
  if (!SEVERITIES.includes(failOn as Severity)) throw new CliUsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not "${oneLine(String(failOn)).slice(0, 40)}"`);
  return { files: parsed.positionals, format: format as Format, failOn: failOn as Severity, ...(context === undefined ? {} : { context }), help: help === true };
}

async function lintFile(file: string, io: CommandIo): Promise<ParsedConfiguration[]> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    throw new CliUsageError(`${oneLine(file)}: cannot read: ${oneLine((error as Error).message)}`);
  }
  try {
    return parseCorsDocument(text, file);
  } catch (error) {
    throw new CliUsageError(`${oneLine(file)}: ${oneLine((error as Error).message)}`);
  }
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const options = parseFlags(args);
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (options.files.length === 0) throw new CliUsageError('no FILE given (s3-cors-audit lint --help)');
  const context = options.context === undefined ? {} : await readContext(options.context, io);
  const files: { file: string; buckets: LintedBucket[] }[] = [];
  // Any unreadable or malformed file stops the run (exit 2): a partial lint must not look like a pass.
  for (const file of options.files) {
    const configurations = await lintFile(file, io);
    files.push({ file, buckets: configurations.map((parsed) => lintConfiguration(parsed, context, options.context)) });
  }
  if (options.format === 'json') io.stdout(renderJson(files));
  else if (options.format === 'sarif') io.stdout(`${toReadableJson(renderSarif(files), 2)}\n`);
  else io.stdout(renderText(files, io.isTty));
  const threshold = SEVERITIES.indexOf(options.failOn);
  const failing = files.some(({ buckets }) => buckets.some(({ assessment }) => assessment.findings.some((finding) => SEVERITIES.indexOf(finding.severity) >= threshold)));
  return failing ? 1 : 0;
}
