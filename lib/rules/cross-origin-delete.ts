// DELETE allowed cross-origin.
import type { CorsRule } from '../cors/types';
import { commaList, defineRule, REFERENCES, withReport, type RuleReport } from './define-rule';

export default defineRule({
  id: 'S3CORS-METHOD-DELETE',
  title: 'Objects can be deleted from another origin (DELETE allowed)',
  severity: 'medium',
  category: 'method',
  exposure: 'write',
  rationale:
    'Browser apps rarely need to delete objects directly; a cross-origin DELETE lets any trusted page, or script injected into it, destroy data. Deletions usually belong behind your API, where they can be authorised and logged.',
  remediation: {
    text: 'Remove DELETE from the rule and delete through your backend; keep versioning on to recover mistakes.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], ExposeHeaders: ['ETag'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'DELETE'] }],
  references: [REFERENCES.corsElements, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html'],
  messages: { deleteAllowed: 'Rule {{ruleNumber}} allows DELETE from {{origins}}.' },
  check: ({ rules }) => {
    let reports: RuleReport<'deleteAllowed'>[] | undefined;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
      const rule = rules[ruleIndex] as CorsRule;
      if (!rule.allowedMethods.includes('DELETE') || rule.allowedOrigins.length === 0) continue;
      reports = withReport(reports, { ruleIndex, messageId: 'deleteAllowed', data: { origins: commaList(rule.allowedOrigins) }, evidence: { method: 'DELETE', origins: rule.allowedOrigins } });
    }
    return reports ?? [];
  },
});
