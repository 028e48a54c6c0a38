// Write rules that admit S3 control headers: ACL grants, object-lock bypass, website redirects, encryption keys, tags.
import { originMatches } from '../cors/match';
import type { CorsRule } from '../cors/types';
import { commaList, defineRule, methodsOf, REFERENCES, withReport, type RuleReport } from './define-rule';

/**
 * Request headers that change who can read an object, how long it is protected, where it redirects, who holds its
 * key, or which tag-based (ABAC) policies grant access to it. Plain `x-amz-server-side-encryption` (AES256, or
 * aws:kms with the bucket's key) is left out: it hands no one else control.
 */
const CONTROL_HEADERS: readonly string[] = [
  'x-amz-acl',
  'x-amz-grant-read',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-grant-full-control',
  'x-amz-website-redirect-location',
  'x-amz-bypass-governance-retention',
  'x-amz-object-lock-mode',
  'x-amz-object-lock-retain-until-date',
  'x-amz-object-lock-legal-hold',
  // SSE-C: overwriting objects under a key only the writer holds is ransomware ("Codefinger", 2025).
  'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-server-side-encryption-customer-key',
  'x-amz-server-side-encryption-customer-key-md5',
  // A KMS key the writer chooses, possibly in another account, that can later be disabled: the same lock-out.
  'x-amz-server-side-encryption-aws-kms-key-id',
  // Object tags grant access where policies test s3:ExistingObjectTag (ABAC).
  'x-amz-tagging',
];

/** The only control header a DELETE acts on (deleting a version under governance-mode retention). */
const DELETE_CONTROL_HEADERS = 1 << CONTROL_HEADERS.indexOf('x-amz-bypass-governance-retention');

/** Which CONTROL_HEADERS a pattern admits, one bit each: a few distinct header patterns recur across buckets. */
const maskMemo = new Map<string, number>();
const MASK_MEMO_ENTRIES = 1024;
const MASK_MEMO_MAX_PATTERN = 256;

function controlHeaderMask(pattern: string): number {
  // Every control header starts with `x-amz-`: only a pattern starting with `*` or `x` (in any case) can admit one
  // (no other character lowercases to either).
  const first = pattern.charCodeAt(0);
  if (first !== 42 && first !== 120 && first !== 88) return 0;
  let mask = maskMemo.get(pattern);
  if (mask !== undefined) return mask;
  mask = 0;
  const lowered = pattern.toLowerCase();
  for (let at = 0; at < CONTROL_HEADERS.length; at += 1) if (originMatches(lowered, CONTROL_HEADERS[at] as string)) mask |= 1 << at;
  if (maskMemo.size >= MASK_MEMO_ENTRIES) maskMemo.clear();
  if (pattern.length <= MASK_MEMO_MAX_PATTERN) maskMemo.set(pattern, mask);
  return mask;
}

/** What a finding says about one set of admitted control headers (bit i = CONTROL_HEADERS[i]), by that set's mask. */
interface AdmittedHeaders {
  headers: readonly string[];
  /** The message's list: the first four, then "and N more". */
  shown: string;
}
// A map, not a table of every mask: 2^15 entries for the few sets that occur.
const admittedByMask = new Map<number, AdmittedHeaders>();

function admittedHeadersOf(mask: number): AdmittedHeaders {
  let known = admittedByMask.get(mask);
  if (known) return known;
  const headers = CONTROL_HEADERS.filter((_, at) => (mask & (1 << at)) !== 0);
  const shown = headers.length > 4 ? `${headers.slice(0, 4).join(', ')} and ${headers.length - 4} more` : headers.join(', ');
  known = { headers, shown };
  admittedByMask.set(mask, known);
  return known;
}

/** The distinct patterns that are the first to admit some control header, in header order. */
function admittingPatterns(patterns: readonly string[], admitted: number): string[] {
  const found: string[] = [];
  for (let header = 0; header < CONTROL_HEADERS.length; header += 1) {
    const bit = 1 << header;
    if ((admitted & bit) === 0) continue;
    const pattern = patterns.find((candidate) => (controlHeaderMask(candidate) & bit) !== 0) as string;
    if (!found.includes(pattern)) found.push(pattern);
  }
  return found;
}

export default defineRule({
  id: 'S3CORS-DANGEROUS-HEADER-WRITE',
  title: 'Write requests may set ACLs, object-lock, redirects, encryption keys or tags from another origin',
  severity: 'high',
  category: 'header',
  exposure: 'write',
  rationale:
    'x-amz-acl and x-amz-grant-* can make an upload public; x-amz-website-redirect-location makes an open redirect; x-amz-bypass-governance-retention and x-amz-object-lock-* weaken retention; SSE-C or a chosen KMS key locks owners out of overwritten objects (ransomware); x-amz-tagging can grant access via tag-based policies. `*` and `x-amz-*` admit them all.',
  remediation: {
    text: 'Allow only the headers uploads need; set ACLs, retention, encryption and tags server-side (bucket owner enforced, default retention, default encryption, or a policy denying SSE-C).',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-*'], ExposeHeaders: ['ETag'] }],
  references: [
    REFERENCES.acl,
    REFERENCES.objectLock,
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html',
  ],
  messages: { controlHeaders: 'Rule {{ruleNumber}} lets {{methods}} requests carry {{headers}} (allowed by {{patterns}}).' },
  check: (context) => {
    let reports: RuleReport<'controlHeaders'>[] | undefined;
    const rules = context.rules;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
      const methods = methodsOf(context, ruleIndex);
      if (methods.write.length === 0) continue;
      const patterns = (rules[ruleIndex] as CorsRule).allowedHeaders;
      let admitted = 0;
      let admitting = 0;
      let firstAdmitting = 0;
      for (let at = 0; at < patterns.length; at += 1) {
        const mask = controlHeaderMask(patterns[at] as string);
        if (mask === 0) continue;
        if (admitting === 0) firstAdmitting = at;
        admitting += 1;
        admitted |= mask;
      }
      // ACLs, keys and tags ride on uploads: a rule whose only write is DELETE can misuse the retention bypass alone.
      if (!methods.write.some((method) => method !== 'DELETE')) admitted &= DELETE_CONTROL_HEADERS;
      if (admitted === 0) continue;
      const { headers, shown } = admittedHeadersOf(admitted);
      const admittedBy = admitting === 1 ? [patterns[firstAdmitting] as string] : admittingPatterns(patterns, admitted);
      reports = withReport(reports, {
        ruleIndex,
        messageId: 'controlHeaders',
        data: { methods: methods.writeText, headers: shown, patterns: commaList(admittedBy) },
        evidence: { headers, patterns: admittedBy, methods: methods.write },
      });
    }
    return reports ?? [];
  },
});
