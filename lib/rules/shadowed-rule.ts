// A rule every one of whose requests an earlier rule already takes (first match wins, spec §3).
import { defineRule, REFERENCES, withReport, type RuleReport } from './define-rule';

export default defineRule({
  id: 'S3CORS-RULE-SHADOWED',
  title: 'Rule is unreachable: earlier rules take every request it matches',
  severity: 'low',
  category: 'reachability',
  exposure: 'none',
  rationale:
    'S3 uses the first rule that matches origin, method and headers. A rule whose every request is matched earlier never answers: its ExposeHeaders, MaxAgeSeconds or stricter origins have no effect, and readers of the configuration are misled.',
  remediation: {
    text: 'Delete the unreachable rule, or move it above the broader rule that takes its requests.',
    example: [
      { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag'] },
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] },
    ],
  },
  badExample: [
    { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] },
    { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag'] },
  ],
  references: [REFERENCES.corsGuide],
  messages: { shadowed: 'Rule {{ruleNumber}} is never used: {{takers}} every request it would match.' },
  check: (context) => {
    let reports: RuleReport<'shadowed'>[] | undefined;
    // Nothing is shadowed in most configurations: look before asking for the copies.
    const shadowing = context.shadowing();
    for (let ruleIndex = 0; ruleIndex < shadowing.length; ruleIndex += 1) {
      const by = shadowing[ruleIndex];
      // Exact copies are S3CORS-RULE-DUPLICATE's to report.
      if (!by || context.firstCopies()[ruleIndex] !== ruleIndex) continue;
      const takers = by.length === 1 ? `rule ${(by[0] as number) + 1} already matches` : `rules ${by.map((index) => index + 1).join(', ')} already match`;
      reports = withReport(reports, { ruleIndex, messageId: 'shadowed', data: { takers }, evidence: { shadowedBy: by.map(String) } });
    }
    return reports ?? [];
  },
});
