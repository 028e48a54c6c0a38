// eslint's RuleTester for CORS rules: valid configurations yield nothing, invalid ones exactly the listed findings.
import { describe, expect, it } from 'vitest';
import { fromS3Rules } from '../../lib/cors/serialize';
import type { S3CorsRule } from '../../lib/cors/types';
import type { EvidenceValue } from '../../lib/engine/types';
import { fillTemplate } from '../../lib/engine/messages';
import { ruleContextOf, type RuleDefinition, type RuleReport } from '../../lib/rules/define-rule';

export interface ExpectedFinding {
  ruleIndex: number | null;
  /** Partial match: only the keys given are compared. */
  evidence?: Record<string, EvidenceValue>;
  messageId?: string;
}

export interface InvalidCase {
  name?: string;
  config: S3CorsRule[];
  findings: ExpectedFinding[];
}

export interface RuleTests {
  valid: S3CorsRule[][];
  invalid: InvalidCase[];
}

export function runRule(rule: RuleDefinition, config: readonly S3CorsRule[]): RuleReport[] {
  return rule.check(ruleContextOf(fromS3Rules(config, { file: 'test.json' })));
}

const label = (config: readonly S3CorsRule[]): string => JSON.stringify(config).slice(0, 120);

export const ruleTester = {
  run(rule: RuleDefinition, tests: RuleTests): void {
    describe(rule.id, () => {
      describe('valid', () => {
        tests.valid.forEach((config, index) => {
          it(`#${index} ${label(config)}`, () => {
            expect(runRule(rule, config)).toEqual([]);
          });
        });
      });
      describe('invalid', () => {
        tests.invalid.forEach((testCase, index) => {
          it(`#${index} ${testCase.name ?? label(testCase.config)}`, () => {
            const reports = runRule(rule, testCase.config);
            expect(reports.map((report) => report.ruleIndex)).toEqual(testCase.findings.map((finding) => finding.ruleIndex));
            testCase.findings.forEach((expected, position) => {
              const report = reports[position] as RuleReport;
              if (expected.evidence) expect(report.evidence).toMatchObject(expected.evidence);
              if (expected.messageId) expect(report.messageId).toBe(expected.messageId);
              const template = rule.messages[report.messageId];
              expect(template, `messageId ${report.messageId} has a template`).toBeDefined();
              expect(fillTemplate(template as string, report.data, report.ruleIndex)).not.toMatch(/\{\{/);
            });
          });
        });
      });
    });
  },
};
