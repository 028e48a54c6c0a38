// PUT/POST allowed but ETag not exposed: browser multipart uploads cannot read part ETags.
import { sameIgnoringCase } from '../cors/analysis';
import type { CorsRule } from '../cors/types';
import { defineRule, methodsOf, REFERENCES, withReport, type RuleReport } from './define-rule';

/** ExposeHeader names compare case-insensitively: `etag` exposes ETag too. */
function isEtag(header: string): boolean {
  return header.length === 4 && sameIgnoringCase(header, 'ETag');
}

function exposesEtag(headers: readonly string[]): boolean {
  for (const header of headers) if (isEtag(header)) return true;
  return false;
}

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
  check: (context) => {
    let reports: RuleReport<'etagHidden'>[] | undefined;
    const rules = context.rules;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
      const methods = methodsOf(context, ruleIndex);
      if (methods.uploads.length === 0 || exposesEtag((rules[ruleIndex] as CorsRule).exposeHeaders)) continue;
      reports = withReport(reports, { ruleIndex, messageId: 'etagHidden', data: { methods: methods.uploadsText }, evidence: { methods: methods.uploads } });
    }
    return reports ?? [];
  },
});
