// Fills a rule's message template and bounds every attacker-controlled value (length, list size).
import { MAX_EVIDENCE_ITEMS, MAX_VALUE_CHARS } from './scoring-model';
import type { EvidenceValue } from './types';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Cuts a value over MAX_VALUE_CHARS, saying how much was cut. */
export function truncateValue(value: string, max = MAX_VALUE_CHARS): string {
  return value.length <= max ? value : `${value.slice(0, max)}…[+${value.length - max} chars]`;
}

/** A template split once into literal text (even positions) and placeholder names (odd positions). */
const compiled = new Map<string, string[]>();

function compile(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER);
    compiled.set(template, parts);
  }
  return parts;
}

/** `{{name}}` → data.name, truncated; an unknown placeholder stays visible so a broken template is noticed. */
export function fillTemplate(template: string, data: Readonly<Record<string, string | number>>): string {
  const parts = compile(template);
  let text = '';
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index] as string;
    if (index % 2 === 0) text += part;
    else {
      const value = data[part];
      text += value === undefined ? `{{${part}}}` : truncateValue(String(value));
    }
  }
  return text;
}

function withinBounds(value: EvidenceValue): boolean {
  if (typeof value === 'string') return value.length <= MAX_VALUE_CHARS;
  if (!Array.isArray(value)) return true;
  if (value.length > MAX_EVIDENCE_ITEMS) return false;
  for (const item of value) if (item.length > MAX_VALUE_CHARS) return false;
  return true;
}

export function boundEvidence(evidence: Record<string, EvidenceValue>): Record<string, EvidenceValue> {
  // Most evidence is short: hand it on without copying (and without listing its values: this runs per finding).
  let short = true;
  for (const key in evidence) {
    if (Object.hasOwn(evidence, key) && !withinBounds(evidence[key] as EvidenceValue)) {
      short = false;
      break;
    }
  }
  if (short) return evidence;
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
