// Fills a rule's message template and bounds every attacker-controlled value (length, list size).
import { MAX_EVIDENCE_ITEMS, MAX_VALUE_CHARS } from './scoring-model';
import type { EvidenceValue } from './types';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Cuts a value over MAX_VALUE_CHARS, saying how much was cut. */
export function truncateValue(value: string, max = MAX_VALUE_CHARS): string {
  return value.length <= max ? value : `${value.slice(0, max)}…[+${value.length - max} chars]`;
}

/** A template split once into literal text (even positions) and placeholder names (odd positions). */
export type CompiledTemplate = readonly string[];

const compiled = new Map<string, CompiledTemplate>();

export function compileTemplate(template: string): CompiledTemplate {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER);
    compiled.set(template, parts);
  }
  return parts;
}

/**
 * `{{name}}` → data.name, truncated; `{{ruleNumber}}` is the report's CORS rule (ruleIndex + 1) unless data names
 * one; an unknown placeholder stays visible so a broken template is noticed.
 */
export function fillTemplate(template: string, data: Readonly<Record<string, string | number>>, ruleIndex: number | null = null): string {
  return fillCompiled(compileTemplate(template), data, ruleIndex);
}

/** Small whole numbers as text, made once: rule numbers (S3 allows 100 rules) and counts fill most placeholders. */
const SMALL_NUMBER_TEXT: readonly string[] = Array.from({ length: 256 }, (_, number) => String(number));

export function fillCompiled(parts: CompiledTemplate, data: Readonly<Record<string, string | number>>, ruleIndex: number | null): string {
  let text = parts[0] as string;
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] as string;
    const value: unknown = data[name];
    // Numbers print short; strings are cut only when long (the common case hands the value on as it is).
    if (typeof value === 'string') text += value.length <= MAX_VALUE_CHARS ? value : truncateValue(value);
    else if (typeof value === 'number') text += SMALL_NUMBER_TEXT[value] ?? String(value);
    else if (value !== undefined) text += truncateValue(String(value));
    else if (name === 'ruleNumber' && ruleIndex !== null) text += SMALL_NUMBER_TEXT[ruleIndex + 1] ?? String(ruleIndex + 1);
    else text += `{{${name}}}`;
    text += parts[index + 1] as string;
  }
  return text;
}

function listWithinBounds(value: readonly string[]): boolean {
  if (value.length > MAX_EVIDENCE_ITEMS) return false;
  for (const item of value) if (item.length > MAX_VALUE_CHARS) return false;
  return true;
}

export function boundEvidence(evidence: Record<string, EvidenceValue>): Record<string, EvidenceValue> {
  // Most evidence is short: hand it on without copying (and without listing its values: this runs per finding).
  // Inherited keys need no own-property test: a long one only costs a copy, which keeps own keys alone.
  let short = true;
  for (const key in evidence) {
    const value = evidence[key];
    if (typeof value === 'string' ? value.length > MAX_VALUE_CHARS : Array.isArray(value) && !listWithinBounds(value)) {
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
