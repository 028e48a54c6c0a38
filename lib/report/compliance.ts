// Rule id → what auditors map findings to: CWE ids and NIST SP 800-53 Rev. 5 controls, derived from the
// rule catalogue's metadata (never retyped per output). Used by OCSF, ASFF and the HTML report.
import { ruleCatalogue } from '../engine';
import type { RuleCategory } from '../engine/types';
import type { RuleDefinition } from '../rules/define-rule';

/** The part of a rule's metadata the reports show. */
export type RuleDoc = Pick<RuleDefinition, 'id' | 'title' | 'severity' | 'category' | 'rationale' | 'remediation' | 'references'>;

export interface ComplianceMapping {
  /** e.g. CWE-942 */
  cwe: string[];
  /** NIST SP 800-53 Rev. 5 control ids, e.g. AC-4 */
  nist80053: string[];
  /** Documentation URLs from the rule's metadata. */
  references: string[];
}

/** Every CORS weakness is a permissive cross-domain policy unless the rule names a more precise CWE. */
const DEFAULT_CWE = 'CWE-942';
/**
 * AC-4 (information flow enforcement) and SC-7 (boundary protection) cover who may read across origins;
 * CM-6 (configuration settings) covers rules that are invalid or unreachable; SC-8 covers cleartext origins.
 */
const NIST_BY_CATEGORY: Record<RuleCategory, string[]> = {
  origin: ['AC-4', 'SC-7'],
  method: ['AC-4', 'SC-7'],
  header: ['AC-4', 'SC-7'],
  cache: ['AC-4', 'SC-7'],
  reachability: ['CM-6'],
  validity: ['CM-6'],
  limits: ['CM-6'],
};
const NIST_BY_CWE: Record<string, string[]> = { 'CWE-319': ['SC-8'] };

export const CWE_URL = (cwe: string) => `https://cwe.mitre.org/data/definitions/${cwe.replace(/^CWE-/, '')}.html`;

let catalogue: Map<string, RuleDoc> | undefined;

/** The catalogue entry of a rule, or undefined for an id the running version does not know (an old stored finding). */
export function ruleDoc(ruleId: string): RuleDoc | undefined {
  catalogue ??= new Map(ruleCatalogue().map((rule) => [rule.id, rule]));
  return catalogue.get(ruleId);
}

export function complianceOf(ruleId: string): ComplianceMapping {
  return complianceFromDoc(ruleDoc(ruleId));
}

/** Pure: the mapping for a rule's metadata (an unknown rule still maps to the CORS baseline). */
export function complianceFromDoc(doc: RuleDoc | undefined): ComplianceMapping {
  const references = doc?.references ?? [];
  const named = references.flatMap((reference) => {
    const match = /cwe\.mitre\.org\/data\/definitions\/(\d+)\.html|^CWE-(\d+)$/i.exec(reference);
    return match ? [`CWE-${match[1] ?? match[2]}`] : [];
  });
  const cwe = unique(named.length > 0 ? named : [DEFAULT_CWE]);
  const nist80053 = unique([...NIST_BY_CATEGORY[doc?.category ?? 'origin'], ...cwe.flatMap((id) => NIST_BY_CWE[id] ?? [])]);
  return { cwe, nist80053, references: references.filter((reference) => /^https:\/\//.test(reference)) };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
