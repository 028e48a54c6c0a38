// Compares a simulator result with a corpus case's `expected` block, as the corpus README prescribes.
import { expect } from 'vitest';
import type { SimulationCase, SimulationResult } from '../../../lib/cors';

export interface CorpusExpectation {
  status?: number;
  headers?: Record<string, string>;
  absent_headers?: string[];
  error?: Record<string, string>;
  matched_rule_index?: number | null;
  compare?: Record<string, 'case-insensitive'>;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

export function expectCorpusOutcome(testCase: SimulationCase, result: SimulationResult): void {
  const expected = testCase.expected as CorpusExpectation;
  const preflight = testCase.input.request.method === 'OPTIONS';
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    const actual = headerValue(result.headers, name);
    if (expected.compare?.[name] === 'case-insensitive') expect(actual?.toLowerCase(), name).toBe(value.toLowerCase());
    else expect(actual, name).toBe(value);
  }
  for (const name of expected.absent_headers ?? []) expect(headerValue(result.headers, name), `${name} must be absent`).toBeUndefined();
  if ('matched_rule_index' in expected) expect(result.matched_rule_index).toBe(expected.matched_rule_index);
  if (preflight) {
    if (expected.status !== undefined) expect(result.status).toBe(expected.status);
    if (expected.error) expect(result.error).toMatchObject(expected.error);
    else if (expected.status === 200) expect(result.error).toBeNull();
  } else {
    // An actual request's status and error body are the S3 operation's (spec §6); CORS adds headers only.
    expect(result.status).toBeNull();
    expect(result.error).toBeNull();
  }
}
