import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeOf, scoreOf } from '../../../lib/engine/score';
import { stepSeverity } from '../../../lib/engine/severity';
import { SEVERITIES, type Severity } from '../../../lib/engine/types';

const severity = fc.constantFrom(...SEVERITIES);

describe('scoreOf', () => {
  it.each<[Severity[], number, string]>([
    [[], 100, 'A'],
    [['info', 'info'], 100, 'A'],
    [['low'], 97, 'A'],
    [['medium'], 89, 'B'],
    [['high'], 69, 'D'],
    [['critical'], 39, 'F'],
    [['medium', 'medium', 'low'], 77, 'C'],
    [Array<Severity>(10).fill('high'), 0, 'F'],
  ])('%j → %i (%s)', (severities, score, grade) => {
    expect(scoreOf(severities)).toBe(score);
    expect(gradeOf(scoreOf(severities))).toBe(grade);
  });

  it('never increases when a finding is added (property)', () => {
    fc.assert(fc.property(fc.array(severity, { maxLength: 12 }), severity, (severities, added) => {
      expect(scoreOf([...severities, added])).toBeLessThanOrEqual(scoreOf(severities));
    }));
  });

  it('never increases when a severity is raised (property)', () => {
    fc.assert(fc.property(fc.array(severity, { minLength: 1, maxLength: 12 }), fc.nat(), fc.integer({ min: 1, max: 4 }), (severities, at, steps) => {
      const index = at % severities.length;
      const raised = severities.map((value, position) => (position === index ? stepSeverity(value, steps) : value));
      expect(scoreOf(raised)).toBeLessThanOrEqual(scoreOf(severities));
    }));
  });

  it('stays within 0..100 and grades monotonically', () => {
    fc.assert(fc.property(fc.array(severity, { maxLength: 30 }), fc.integer({ min: 0, max: 100 }), (severities, other) => {
      const score = scoreOf(severities);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      if (other <= score) expect(gradeOf(other) >= gradeOf(score)).toBe(true);
    }));
  });
});
