// AllowedHeaders no requested header name can match: "Content-Type, Authorization" as one item, edge whitespace, empty.
import { headerNeverMatches } from '../cors/match';
import type { CorsRule } from '../cors/types';
import { defineRule, REFERENCES, type RuleReport } from './define-rule';

export default defineRule({
  id: 'S3CORS-HEADER-NEVER-MATCHES',
  title: 'AllowedHeader can never match a requested header',
  severity: 'low',
  category: 'validity',
  exposure: 'none',
  rationale:
    'S3 splits Access-Control-Request-Headers at commas and trims each name (spec §3.3), so an AllowedHeader holding a comma or edge whitespace matches nothing: every preflight that asks for those headers is refused, or answered by a later rule nobody meant, and someone later "fixes" it with `*`.',
  remediation: {
    text: 'List each header as its own AllowedHeaders item, without surrounding spaces.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['content-type', 'authorization'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['Content-Type, Authorization'] }],
  references: [REFERENCES.corsElements, REFERENCES.fetchStandard],
  messages: { neverMatches: 'Rule {{ruleNumber}}: AllowedHeader "{{header}}" never matches: it {{reason}}.' },
  check: ({ rules }) => {
    let reports: RuleReport<'neverMatches'>[] | undefined;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
      const rule = rules[ruleIndex] as CorsRule;
      const placeholders = rule.unresolvedItems?.allowedHeaders;
      for (let at = 0; at < rule.allowedHeaders.length; at += 1) {
        const header = rule.allowedHeaders[at] as string;
        const reason = headerNeverMatches(header);
        // A CloudFormation intrinsic's placeholder text is not what S3 will store.
        if (reason === null || placeholders?.includes(at)) continue;
        (reports ??= []).push({ ruleIndex, messageId: 'neverMatches', data: { header, reason }, evidence: { header } });
      }
    }
    return reports ?? [];
  },
});
