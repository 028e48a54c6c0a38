// `*` and specific origins in one rule. Which Allow-Origin AWS answers them with is [UNK] (spec §5): LocalStack and
// Scality answer `*`; either way the specific ones restrict nothing, which is what the finding rests on.
import { unique } from '../cors/analysis';
import { commaList, defineRule, REFERENCES, reportRules } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-WILDCARD-BESIDE-SPECIFIC',
  title: 'Rule lists `*` beside specific origins',
  severity: 'low',
  category: 'origin',
  exposure: 'none',
  rationale:
    'A rule holding `*` admits every origin, so the specific origins beside it restrict nothing and suggest a restriction that does not exist. Whether AWS then answers them with `*` (no credentials) or echoes them is undocumented; LocalStack and Scality answer `*` (spec §5).',
  remediation: {
    text: 'Keep either `*` or the specific origins; if both audiences are real, put the specific origins in an earlier rule (the first matching rule wins).',
    example: [
      { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] },
      { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
    ],
  },
  badExample: [{ AllowedOrigins: ['*', 'https://app.example.com'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.corsElements, 'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html'],
  messages: { deadWeight: 'Rule {{ruleNumber}} lists `*` with {{count}} other origin(s) ({{origins}}); `*` already admits them, so they restrict nothing.' },
  check: (context) => {
    // Most configurations list no `*` origin.
    if (!context.someRuleAllowsAnyOrigin()) return [];
    return reportRules(context, (rule, ruleIndex) => {
      const origins = rule.allowedOrigins;
      if (!origins.includes('*')) return null;
      let count = 0;
      for (const origin of origins) if (origin !== '*') count += 1;
      if (count === 0) return null;
      // Copied into a list of the right size, then without repeats (most lists have none: then no second copy).
      const listed = new Array<string>(count);
      let at = 0;
      for (const origin of origins) if (origin !== '*') listed[at++] = origin;
      const others = unique(listed);
      return { ruleIndex, messageId: 'deadWeight' as const, data: { count: others.length, origins: commaList(others) }, evidence: { origins: others } };
    });
  },
});
