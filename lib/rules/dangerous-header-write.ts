// Write rules that admit S3 control headers: ACL grants, object-lock bypass, website redirects.
import { originMatches } from '../cors/match';
import { defineRule, methodsOf, REFERENCES, reportRules } from './define-rule';

/** Request headers that change who can read an object, how long it is protected, or where it redirects. */
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
];

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

/** Each control header a rule's header patterns admit, with the first pattern admitting it, from the masks. */
function admittedControlHeaders(patterns: readonly string[]): { header: string; pattern: string }[] {
  let any = 0;
  const masks: number[] = [];
  for (const pattern of patterns) {
    const mask = controlHeaderMask(pattern);
    masks.push(mask);
    any |= mask;
  }
  if (any === 0) return [];
  const found: { header: string; pattern: string }[] = [];
  for (let header = 0; header < CONTROL_HEADERS.length; header += 1) {
    const bit = 1 << header;
    if ((any & bit) === 0) continue;
    const at = masks.findIndex((mask) => (mask & bit) !== 0);
    found.push({ header: CONTROL_HEADERS[header] as string, pattern: patterns[at] as string });
  }
  return found;
}

export default defineRule({
  id: 'S3CORS-DANGEROUS-HEADER-WRITE',
  title: 'Write requests may set ACLs, object-lock or redirects from another origin',
  severity: 'high',
  category: 'header',
  exposure: 'write',
  rationale:
    'x-amz-acl and x-amz-grant-* can make an upload public, x-amz-website-redirect-location turns an object into an open redirect, x-amz-bypass-governance-retention and x-amz-object-lock-* weaken retention. `*` and `x-amz-*` admit them all.',
  remediation: {
    text: 'Allow only the headers uploads need; set ACLs and retention server-side (bucket owner enforced, default retention).',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-*'], ExposeHeaders: ['ETag'] }],
  references: [REFERENCES.acl, REFERENCES.objectLock, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html'],
  messages: { controlHeaders: 'Rule {{ruleNumber}} lets {{methods}} requests carry {{headers}} (allowed by {{patterns}}).' },
  check: (context) =>
    reportRules(context, (rule, ruleIndex) => {
      const methods = methodsOf(context, ruleIndex).write;
      if (methods.length === 0) return null;
      const admitted = admittedControlHeaders(rule.allowedHeaders);
      if (admitted.length === 0) return null;
      const headers = admitted.map((hit) => hit.header);
      const patterns = [...new Set(admitted.map((hit) => hit.pattern))];
      const shown = headers.length > 4 ? `${headers.slice(0, 4).join(', ')} and ${headers.length - 4} more` : headers.join(', ');
      return {
        ruleIndex,
        messageId: 'controlHeaders' as const,
        data: { ruleNumber: ruleIndex + 1, methods: methods.join(', '), headers: shown, patterns: patterns.join(', ') },
        evidence: { headers, patterns, methods: [...methods] },
      };
    }),
});
