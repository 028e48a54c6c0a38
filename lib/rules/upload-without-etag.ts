// PUT allowed but ETag not exposed: browser multipart uploads send parts with PUT and cannot read their ETags.
import { sameIgnoringCase } from '../cors/analysis';
import type { CorsRule } from '../cors/types';
import { defineRule, methodsOf, NOTHING, REFERENCES, withReport, type RuleReport } from './define-rule';

/** Shared by every report (the engine keeps evidence as given and never changes it). */
const PUT_EVIDENCE = Object.freeze({ method: 'PUT' });

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
  title: 'PUT uploads are allowed but the ETag header is not exposed',
  severity: 'low',
  category: 'header',
  exposure: 'none',
  rationale:
    'S3 exposes no response header by default (spec §5). Browser multipart uploads (SDK Upload, Uppy) send each part with PUT and must read its ETag to complete the upload; without ExposeHeader ETag they fail, and integrity checks cannot run. A POST form upload needs no ETag, so POST alone is not reported.',
  remediation: {
    text: 'Add ETag to ExposeHeaders on rules that allow PUT.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT', 'POST'], ExposeHeaders: ['ETag'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'] }],
  references: [REFERENCES.mpuEtag, REFERENCES.corsElements],
  messages: { etagHidden: 'Rule {{ruleNumber}} allows PUT but does not expose ETag, which browser multipart uploads must read.' },
  check: (context) => {
    let reports: RuleReport<'etagHidden'>[] | undefined;
    const rules = context.rules;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
      if (!methodsOf(context, ruleIndex).uploads.includes('PUT') || exposesEtag((rules[ruleIndex] as CorsRule).exposeHeaders)) continue;
      reports = withReport(reports, { ruleIndex, messageId: 'etagHidden', data: NOTHING, evidence: PUT_EVIDENCE });
    }
    return reports ?? [];
  },
});
