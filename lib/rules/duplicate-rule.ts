// Two rules with the same origins, methods, headers, expose headers and max age.
import { defineRule, REFERENCES, withReport, type RuleReport } from './define-rule';

export default defineRule({
  id: 'S3CORS-RULE-DUPLICATE',
  title: 'Rule duplicates an earlier rule',
  severity: 'info',
  category: 'reachability',
  exposure: 'none',
  rationale: 'A duplicate rule is never used (the first copy wins) and spends part of the 100-rule and 64 KB budget; it usually marks a botched merge of two configurations.',
  remediation: {
    text: 'Delete the later copy.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [
    { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] },
    { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] },
  ],
  references: [REFERENCES.corsElements],
  messages: { duplicate: 'Rule {{ruleNumber}} repeats rule {{firstNumber}}.' },
  check: (context) => {
    let reports: RuleReport<'duplicate'>[] | undefined;
    const firstCopies = context.firstCopies();
    for (let ruleIndex = 0; ruleIndex < firstCopies.length; ruleIndex += 1) {
      const first = firstCopies[ruleIndex] as number;
      if (first !== ruleIndex) reports = withReport(reports, { ruleIndex, messageId: 'duplicate', data: { firstNumber: first + 1 }, evidence: { duplicateOf: first } });
    }
    return reports ?? [];
  },
});
