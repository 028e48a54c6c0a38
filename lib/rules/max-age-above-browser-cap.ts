// MaxAgeSeconds above what browsers honour (Chromium 7200 s, Firefox 86400 s).
import { defineRule, REFERENCES, reportRules } from './define-rule';

const CHROMIUM_CAP_SECONDS = 7200;
const FIREFOX_CAP_SECONDS = 86_400;

export default defineRule({
  id: 'S3CORS-MAXAGE-ABOVE-BROWSER-CAP',
  title: 'MaxAgeSeconds is above what browsers honour',
  severity: 'info',
  category: 'cache',
  exposure: 'none',
  rationale:
    'Chromium caps Access-Control-Max-Age at 7200 s and Firefox at 86400 s. A larger value caches no longer, and misleads whoever reads the configuration about how long a tightened CORS policy takes to reach browsers.',
  remediation: {
    text: 'Use 7200 or less.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 7200 }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 31_536_000 }],
  references: [REFERENCES.maxAgeMdn],
  messages: { aboveCap: 'Rule {{ruleNumber}} sets MaxAgeSeconds {{maxAge}}; {{browsers}} cap it at {{cap}} s.' },
  check: (context) =>
    reportRules(context, (rule, ruleIndex) => {
      const maxAge = rule.maxAgeSeconds;
      if (maxAge === undefined || !Number.isFinite(maxAge) || maxAge <= CHROMIUM_CAP_SECONDS) return null;
      const browsers = maxAge > FIREFOX_CAP_SECONDS ? 'Chromium and Firefox' : 'Chromium';
      const cap = maxAge > FIREFOX_CAP_SECONDS ? `${CHROMIUM_CAP_SECONDS} and ${FIREFOX_CAP_SECONDS}` : String(CHROMIUM_CAP_SECONDS);
      return { ruleIndex, messageId: 'aboveCap' as const, data: { maxAge, browsers, cap }, evidence: { maxAgeSeconds: maxAge } };
    }),
});
