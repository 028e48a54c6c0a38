// Accepted risks: which findings a suppression covers, which have expired, and the bucket tag format.
import type { Finding, Suppression } from './types';

/** The bucket tag that carries suppressions (docs/scoring.md describes its value). */
export const SUPPRESSION_TAG_KEY = 's3-cors-audit:accept';
/** S3 tag values hold at most 256 characters. */
const MAX_TAG_VALUE_CHARS = 256;
const MAX_TAG_RULE_IDS = 10;
const RULE_ID = /^S3CORS-[A-Z0-9-]{1,64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const KEY_VALUE = /^(until|origin|reason)=/;

export interface Target {
  accountId?: string;
  bucket?: string;
}

/** Expired, or its date cannot be read (an unreadable expiry must not suppress forever). */
export function isExpired(suppression: Suppression, now: Date): boolean {
  if (suppression.expiresAt === undefined) return false;
  const at = Date.parse(suppression.expiresAt);
  return Number.isNaN(at) || at <= now.getTime();
}

/** Does the suppression's rule and scope cover this finding (expiry aside)? A suppression without a reason covers nothing. */
export function suppressionCovers(suppression: Suppression, finding: Finding, target: Target): boolean {
  if (suppression.reason.trim() === '' || suppression.ruleId !== finding.ruleId) return false;
  if (suppression.accountId !== undefined && suppression.accountId !== target.accountId) return false;
  if (suppression.bucket !== undefined && suppression.bucket !== target.bucket) return false;
  if (suppression.origin !== undefined && !concernsOnly(finding, suppression.origin)) return false;
  return true;
}

/**
 * Is `origin` the only origin the finding is about? Its `evidence.origin`, or an `evidence.origins` list of that one
 * origin (repeats aside): accepting one origin must not accept a finding that also names others.
 */
function concernsOnly(finding: Finding, origin: string): boolean {
  const { origin: single, origins } = finding.evidence;
  if (single !== undefined) return single === origin;
  return Array.isArray(origins) && origins.length > 0 && origins.every((listed) => listed === origin);
}

export interface SuppressionOutcome {
  active: Finding[];
  suppressed: Finding[];
  expired: Suppression[];
}

export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], target: Target, now: Date): SuppressionOutcome {
  const outcome: SuppressionOutcome = { active: [], suppressed: [], expired: [] };
  for (const finding of findings) {
    const covering = suppressions.filter((suppression) => suppressionCovers(suppression, finding, target));
    const live = covering.find((suppression) => !isExpired(suppression, now));
    if (live) {
      outcome.suppressed.push({ ...finding, suppression: live });
      continue;
    }
    outcome.active.push(finding);
    for (const suppression of covering) if (!outcome.expired.includes(suppression)) outcome.expired.push(suppression);
  }
  return outcome;
}

export interface ParsedSuppressionTag {
  suppressions: Suppression[];
  /** Why the tag (or part of it) was ignored; empty when it was read in full. */
  problems: string[];
}

/**
 * Reads the `s3-cors-audit:accept` tag: `RULE-ID [RULE-ID...] [until=YYYY-MM-DD] [origin=https://...] reason=free text`.
 * Rule ids may also be separated by `+` or `/` (S3 tag values cannot hold commas; commas are accepted anyway).
 * `reason=` is required and takes the rest of the value. Never throws: a bad tag yields no suppression and a problem.
 */
export function parseSuppressionTag(value: string, bucket: string): ParsedSuppressionTag {
  const fail = (problem: string): ParsedSuppressionTag => ({ suppressions: [], problems: [`tag ${SUPPRESSION_TAG_KEY} on bucket ${bucket.slice(0, 63)}: ${problem}`] });
  if (typeof value !== 'string') return fail('value is not text');
  if (value.length > MAX_TAG_VALUE_CHARS) return fail(`value is ${value.length} characters; at most ${MAX_TAG_VALUE_CHARS}`);
  const reasonAt = value.indexOf('reason=');
  if (reasonAt < 0) return fail('reason= is required (e.g. "S3CORS-ANY-ORIGIN-READ reason=public assets")');
  const reason = value.slice(reasonAt + 'reason='.length).trim();
  if (reason === '') return fail('reason= is empty');
  const tokens = value.slice(0, reasonAt).trim().split(/\s+/).filter(Boolean);
  const ruleIds: string[] = [];
  let expiresAt: string | undefined;
  let origin: string | undefined;
  for (const token of tokens) {
    if (!KEY_VALUE.test(token)) {
      for (const id of token.split(/[,+/]/).filter(Boolean)) {
        if (!RULE_ID.test(id)) return fail(`"${id.slice(0, 70)}" is not a rule id (S3CORS-...)`);
        if (!ruleIds.includes(id)) ruleIds.push(id);
      }
      continue;
    }
    const [key, ...rest] = token.split('=');
    const text = rest.join('=');
    if (key === 'until') {
      if (!ISO_DATE.test(text) || Number.isNaN(Date.parse(text))) return fail(`until=${text.slice(0, 40)} is not a date (YYYY-MM-DD)`);
      expiresAt = text;
    } else if (key === 'origin') origin = text;
  }
  if (ruleIds.length === 0) return fail('names no rule id');
  if (ruleIds.length > MAX_TAG_RULE_IDS) return fail(`names ${ruleIds.length} rule ids; at most ${MAX_TAG_RULE_IDS}`);
  const suppressions = ruleIds.map((ruleId) => {
    const suppression: Suppression = { ruleId, bucket, reason, source: 'tag' };
    if (expiresAt !== undefined) suppression.expiresAt = expiresAt;
    if (origin !== undefined) suppression.origin = origin;
    return suppression;
  });
  return { suppressions, problems: [] };
}
