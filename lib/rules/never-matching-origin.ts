// Origins no browser ever sends (trailing slash, path, uppercase, default port, whitespace, no scheme, a character no
// host can hold, an address or port the browser writes otherwise, empty).
import type { CorsRule } from '../cors/types';
import { defineRule, neverMatchingOriginCheck, REFERENCES, type RuleReport } from './define-rule';

// The only check asked about such a pattern: no other origin rule reports a risk of one that never matches.
const neverMatches = neverMatchingOriginCheck('neverMatches', (facts) => (facts.neverMatching ? { reason: facts.neverMatching } : null));

export default defineRule({
  id: 'S3CORS-ORIGIN-NEVER-MATCHES',
  title: 'Origin can never match a browser\'s Origin header',
  severity: 'low',
  category: 'validity',
  exposure: 'none',
  rationale:
    'S3 compares origins as exact text (spec §3.1) and browsers send scheme://host[:port] in lowercase without path or default port. A pattern with a trailing slash, path, uppercase, :443, an address or port written otherwise than browsers write it (`127.1`, `:0443`) or a character no host can hold (`<`, `|`, `%`...) silently never matches, and someone later "fixes" it with `*`.',
  remediation: {
    text: 'Write the origin exactly as the browser sends it: https://app.example.com (lowercase, no slash, no default port).',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com/'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.troubleshooting, 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Origin'],
  messages: { neverMatches: 'Rule {{ruleNumber}}: origin "{{origin}}" never matches: it {{reason}}.' },
  check: (context) => {
    const reports = neverMatches(context);
    if (!context.rules.some((rule) => rule.unresolvedItems?.allowedOrigins)) return reports;
    return reports.filter((report) => !onlyPlaceholders(context.rules[report.ruleIndex ?? -1], report));
  },
});

/**
 * `${Ref:AppOrigin}`, `https://app.${DomainName}`: the parser's text for a CloudFormation intrinsic, not what S3 will
 * store, so its case, scheme or path say nothing. The same text also written as a literal is still judged.
 */
function onlyPlaceholders(rule: CorsRule | undefined, report: RuleReport): boolean {
  const positions = rule?.unresolvedItems?.allowedOrigins;
  if (!rule || !positions) return false;
  return rule.allowedOrigins.every((origin, index) => origin !== report.data.origin || positions.includes(index));
}
