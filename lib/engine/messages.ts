// Fills a rule's message template and bounds every attacker-controlled value (length, list size).
import { MAX_EVIDENCE_ITEMS, MAX_VALUE_CHARS } from './scoring-model';
import type { EvidenceValue } from './types';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Cuts a value over MAX_VALUE_CHARS, saying how much was cut. */
export function truncateValue(value: string, max = MAX_VALUE_CHARS): string {
  return value.length <= max ? value : `${value.slice(0, max)}…[+${value.length - max} chars]`;
}

/** `{{name}}` → data.name, truncated; an unknown placeholder stays visible so a broken template is noticed. */
export function fillTemplate(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = data[name];
    return value === undefined ? whole : truncateValue(String(value));
  });
}

export function boundEvidence(evidence: Readonly<Record<string, EvidenceValue>>): Record<string, EvidenceValue> {
  const bounded: Record<string, EvidenceValue> = {};
  for (const [key, value] of Object.entries(evidence)) {
    if (typeof value === 'string') bounded[key] = truncateValue(value);
    else if (Array.isArray(value)) {
      const kept = value.slice(0, MAX_EVIDENCE_ITEMS).map((item) => truncateValue(item));
      if (value.length > MAX_EVIDENCE_ITEMS) kept.push(`…[+${value.length - MAX_EVIDENCE_ITEMS} more]`);
      bounded[key] = kept;
    } else bounded[key] = value;
  }
  return bounded;
}
