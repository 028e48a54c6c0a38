// Write rules trusting origins any attacker can obtain: `null`, any-site patterns, look-alike bypasses, public hosting.
// The origin rules report these patterns as read risks; this rule reports the write risk on the same selections.
import type { CorsRule } from '../cors/types';
import anySiteOrigin from './any-site-origin';
import { commaList, defineRule, methodsOf, REFERENCES, withReport, type RuleDefinition, type RuleReport } from './define-rule';
import nullOrigin from './null-origin';
import prefixBypass from './prefix-bypass';
import publicHostingOrigin from './public-hosting-origin';
import suffixBypass from './suffix-bypass';

/**
 * The origin rules whose patterns an attacker can obtain. Their checks hand back the reports the context built for
 * every origin check in one pass (evidence.origin = the pattern), so no pattern is examined again here.
 */
const ATTACKER_ORIGIN_RULES: readonly RuleDefinition[] = [anySiteOrigin, suffixBypass, prefixBypass, publicHostingOrigin, nullOrigin];

/** Marks a CORS rule left to S3CORS-ANY-ORIGIN-WRITE (it lists `*`) or allowing no write. Never filled. */
const SKIPPED: string[] = [];

/** The collected patterns without repeats, in the order the CORS rule lists them (one pass over its origins). */
function inRuleOrder(collected: string[], rule: CorsRule): string[] {
  if (collected.length === 1) return collected;
  const pending = new Set(collected);
  const ordered: string[] = [];
  for (const origin of rule.allowedOrigins) if (pending.delete(origin)) ordered.push(origin);
  return ordered;
}

/** The message's list: the first four, then "and N more". */
function shownOrigins(origins: readonly string[]): string {
  return origins.length > 4 ? `${commaList(origins.slice(0, 4))} and ${origins.length - 4} more` : commaList(origins);
}

export default defineRule({
  id: 'S3CORS-UNTRUSTED-ORIGIN-WRITE',
  title: 'Origins any attacker can obtain may send write requests (PUT/POST/DELETE)',
  severity: 'high',
  category: 'origin',
  exposure: 'write',
  rationale:
    'Any page can send `Origin: null` from a sandboxed iframe, `https://*` admits every site, and look-alike domains (`https://*example.com`) or public hosting (`*.github.io`) are open to anyone who registers or publishes. On a PUT/POST/DELETE rule such a page writes or deletes objects with the visitor\'s credentials and reads the answers.',
  remediation: {
    text: 'Give write methods only to the exact https:// origins of your upload pages; keep broader patterns, if at all, on a GET rule.',
    example: [
      { AllowedOrigins: ['https://upload.example.com'], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3600 },
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 3600 },
    ],
  },
  badExample: [{ AllowedOrigins: ['https://upload.example.com', 'null'], AllowedMethods: ['PUT'] }],
  references: [REFERENCES.corsElements, REFERENCES.cwe942, REFERENCES.portswigger],
  messages: { untrustedWrite: 'Rule {{ruleNumber}} allows {{methods}} from origins any attacker can obtain: {{origins}}.' },
  check: (context) => {
    // Per CORS rule: SKIPPED, or the attacker-obtainable patterns found so far. Filled only when some check selected one.
    let byRule: (string[] | undefined)[] | undefined;
    let anyCollected = false;
    for (const source of ATTACKER_ORIGIN_RULES) {
      const selected = source.check(context);
      for (let at = 0; at < selected.length; at += 1) {
        const report = selected[at] as RuleReport;
        const ruleIndex = report.ruleIndex as number;
        byRule ??= new Array<string[] | undefined>(context.rules.length);
        let collected = byRule[ruleIndex];
        if (collected === undefined) {
          // `*` in the same rule is S3CORS-ANY-ORIGIN-WRITE's finding: one write report per CORS rule, not two.
          const writes = methodsOf(context, ruleIndex).write.length > 0;
          const wildcard = writes && context.someRuleAllowsAnyOrigin() && (context.rules[ruleIndex] as CorsRule).allowedOrigins.includes('*');
          collected = writes && !wildcard ? [] : SKIPPED;
          byRule[ruleIndex] = collected;
        }
        if (collected === SKIPPED) continue;
        collected.push(report.evidence.origin as string);
        anyCollected = true;
      }
    }
    if (!byRule || !anyCollected) return [];
    let reports: RuleReport<'untrustedWrite'>[] | undefined;
    for (let ruleIndex = 0; ruleIndex < byRule.length; ruleIndex += 1) {
      const collected = byRule[ruleIndex];
      if (collected === undefined || collected === SKIPPED) continue;
      const origins = inRuleOrder(collected, context.rules[ruleIndex] as CorsRule);
      const methods = methodsOf(context, ruleIndex);
      reports = withReport(reports, {
        ruleIndex,
        messageId: 'untrustedWrite',
        data: { methods: methods.writeText, origins: shownOrigins(origins) },
        evidence: { origins, methods: methods.write },
      });
    }
    return reports ?? [];
  },
});
