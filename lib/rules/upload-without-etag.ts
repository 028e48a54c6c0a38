// PUT/POST allowed but ETag not exposed: browser multipart uploads cannot read part ETags.
import { defineRule, REFERENCES, reportRules } from './define-rule';

const isEtag = (header: string): boolean => header.toLowerCase() === 'etag';

export default defineRule({
  id: 'S3CORS-UPLOAD-ETAG-NOT-EXPOSED',
  title: 'Uploads are allowed but the ETag header is not exposed',
  severity: 'low',
  category: 'header',
  exposure: 'none',
  rationale:
    'S3 exposes no response header by default (spec §5). Browser multipart uploads (SDK Upload, Uppy) must read each part\'s ETag to complete the upload; without ExposeHeader ETag they fail, and integrity checks cannot run.',
  remediation: {
    text: 'Add ETag to ExposeHeaders on rules that allow PUT or POST.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT', 'POST'], ExposeHeaders: ['ETag'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'] }],
  references: [REFERENCES.mpuEtag, REFERENCES.corsElements],
  messages: { etagHidden: 'Rule {{ruleNumber}} allows {{methods}} but does not expose ETag.' },
  check: (context) =>
    reportRules(context, (rule, ruleIndex) => {
      if (!rule.allowedMethods.includes('PUT') && !rule.allowedMethods.includes('POST')) return null;
      if (rule.exposeHeaders.some(isEtag)) return null;
      const uploads = [...new Set(rule.allowedMethods.filter((method) => method === 'PUT' || method === 'POST'))];
      return { ruleIndex, messageId: 'etagHidden' as const, data: { ruleNumber: ruleIndex + 1, methods: uploads.join(', ') }, evidence: { methods: uploads } };
    }),
});
