// Every rule file is registered, tested, documented, has valid metadata, and its own examples behave.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_FILES, RULES } from '../../lib/rules/index';
import { SEVERITIES } from '../../lib/engine/types';
import { runRule } from '../support/rule-tester';

const RULES_DIR = new URL('../../lib/rules/', import.meta.url);
const TESTS_DIR = new URL('./', import.meta.url);
const NOT_RULES = new Set(['index.ts', 'define-rule.ts']);
const ruleFiles = readdirSync(RULES_DIR).filter((name) => name.endsWith('.ts') && !NOT_RULES.has(name));

describe('rule catalogue', () => {
  it('has at least 28 rules with unique ids', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(28);
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
  });

  it('registers every rule file exactly once', () => {
    expect(Object.values(RULE_FILES).sort()).toEqual(ruleFiles.map((name) => name.replace(/\.ts$/, '')).sort());
  });

  it.each(ruleFiles)('%s has a test file', (name) => {
    expect(existsSync(new URL(name.replace(/\.ts$/, '.test.ts'), TESTS_DIR))).toBe(true);
  });

  describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
    it('has valid metadata', () => {
      expect(rule.id).toMatch(/^S3CORS-[A-Z0-9]+(-[A-Z0-9]+)*$/);
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.title).not.toMatch(/^Ensure/i);
      expect(rule.rationale.length).toBeGreaterThan(0);
      expect(rule.rationale.length).toBeLessThanOrEqual(400);
      expect(rule.references.length).toBeGreaterThanOrEqual(1);
      expect(rule.remediation.text.length).toBeGreaterThan(0);
      expect(rule.remediation.example.length).toBeGreaterThan(0);
      expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
    });

    it('does not flag its own remediation example', () => {
      expect(runRule(rule, rule.remediation.example)).toEqual([]);
    });

    it('flags its bad example', () => {
      expect(runRule(rule, rule.badExample).length).toBeGreaterThan(0);
    });
  });
});
