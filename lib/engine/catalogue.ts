// Rule metadata as data, for docs/rules.md, SARIF descriptors, Slack texts and the HTML report.
import { RULES } from '../rules/index';
import type { S3CorsRule } from '../cors/types';
import type { RuleCategory, Severity } from './types';

export interface RuleMetadata {
  id: string;
  title: string;
  severity: Severity;
  category: RuleCategory;
  rationale: string;
  remediation: { text: string; example: S3CorsRule[] };
  references: string[];
  /** Anchor of the rule in docs/rules.md. */
  docAnchor: string;
}

export const RULES_DOC_URL = 'https://github.com/s3-cors-audit/s3-cors-audit/blob/main/docs/rules.md';

export function ruleDocAnchor(id: string): string {
  return id.toLowerCase();
}

export function ruleHelpUri(id: string): string {
  return `${RULES_DOC_URL}#${ruleDocAnchor(id)}`;
}

export function ruleCatalogue(): RuleMetadata[] {
  return RULES.map((rule) => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: rule.category,
    rationale: rule.rationale,
    remediation: { text: rule.remediation.text, example: rule.remediation.example },
    references: [...rule.references],
    docAnchor: ruleDocAnchor(rule.id),
  }));
}
