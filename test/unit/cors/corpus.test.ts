// The recorded S3 corpus, every case: the simulator must answer as S3 did (primary) or as AWS-targeted suites expect.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSimulationCases, simulateRequest } from '../../../lib/cors';
import { expectCorpusOutcome } from './corpus-expectations';

const corpus = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/cors-corpus/${name}`, import.meta.url), 'utf8'));
const primary = parseSimulationCases(corpus('cases.json'));
const secondary = parseSimulationCases(corpus('cases-secondary.json'));
/** Scality's 2017 expectation conflicts with LocalStack's 2023 AWS recording; the spec (§4.1) says trust the recording. */
const CONFLICTING_SECONDARY = 'scality-pf-nobucket-options-origin-only';

describe('primary corpus (S3 recordings and documentation)', () => {
  it('holds all 59 cases', () => expect(primary).toHaveLength(59));
  it.each(primary.map((testCase) => [testCase.id, testCase] as const))('%s', (_id, testCase) => {
    expectCorpusOutcome(testCase, simulateRequest(testCase.input));
  });
});

describe('secondary corpus (suites written against real S3)', () => {
  it('holds all 138 cases', () => expect(secondary).toHaveLength(138));
  const agreed = secondary.filter((testCase) => testCase.id !== CONFLICTING_SECONDARY);
  it.each(agreed.map((testCase) => [testCase.id, testCase] as const))('%s', (_id, testCase) => {
    expectCorpusOutcome(testCase, simulateRequest(testCase.input));
  });

  it(`${CONFLICTING_SECONDARY} follows the primary recording ls-nobucket-options-origin-only instead`, () => {
    const conflicting = secondary.find((testCase) => testCase.id === CONFLICTING_SECONDARY);
    const recording = primary.find((testCase) => testCase.id === 'ls-nobucket-options-origin-only');
    if (!conflicting || !recording) throw new Error('corpus lost a case this test relies on');
    const result = simulateRequest(conflicting.input);
    expectCorpusOutcome(recording, result);
    expect(result).toMatchObject({ status: 403, error: { Code: 'AccessForbidden', Message: 'CORSResponse: Bucket not found', Method: 'OPTIONS', ResourceType: 'BUCKET' } });
    expect((conflicting.expected as { status: number }).status).toBe(400);
  });
});
