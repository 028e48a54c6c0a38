import { describe, expect, it } from 'vitest';
import { boundEvidence, fillTemplate, truncateValue } from '../../../lib/engine/messages';
import { MAX_EVIDENCE_ITEMS, MAX_VALUE_CHARS } from '../../../lib/engine/scoring-model';

describe('fillTemplate', () => {
  it('fills placeholders from the data, numbers as text', () => {
    expect(fillTemplate('Rule {{ruleNumber}} allows {{methods}} ({{count}}).', { ruleNumber: 2, methods: 'PUT, POST', count: 3 })).toBe('Rule 2 allows PUT, POST (3).');
  });

  it("fills {{ruleNumber}} from the report's rule when the data has none", () => {
    expect(fillTemplate('Rule {{ruleNumber}} sets no MaxAgeSeconds.', {}, 0)).toBe('Rule 1 sets no MaxAgeSeconds.');
    expect(fillTemplate('Rule {{ruleNumber}}: {{origin}}', { origin: 'https://a.example' }, 299)).toBe('Rule 300: https://a.example');
  });

  it('prefers a ruleNumber the data gives (a report may name another rule)', () => {
    expect(fillTemplate('Rule {{ruleNumber}}', { ruleNumber: 7 }, 0)).toBe('Rule 7');
  });

  it('leaves an unknown placeholder visible, and {{ruleNumber}} of a configuration-wide report', () => {
    expect(fillTemplate('{{missing}} and rule {{ruleNumber}}', {}, null)).toBe('{{missing}} and rule {{ruleNumber}}');
    expect(fillTemplate('{{missing}}', {})).toBe('{{missing}}');
  });

  it('cuts a long attacker value and says how much was cut', () => {
    const long = 'x'.repeat(MAX_VALUE_CHARS + 50);
    expect(fillTemplate('origin {{origin}}', { origin: long })).toBe(`origin ${truncateValue(long)}`);
    expect(truncateValue(long)).toMatch(/…\[\+50 chars\]$/);
  });
});

describe('boundEvidence', () => {
  it('hands short evidence on as it is', () => {
    const evidence = { origin: 'https://a.example', methods: ['PUT'], count: 2 };
    expect(boundEvidence(evidence)).toBe(evidence);
  });

  it('bounds long values and long lists in a copy, leaving the original alone', () => {
    const origins = Array.from({ length: MAX_EVIDENCE_ITEMS + 5 }, (_, index) => `https://o${index}.example`);
    const evidence = { origin: 'y'.repeat(MAX_VALUE_CHARS + 1), origins, count: 1 };
    const bounded = boundEvidence(evidence);
    expect(bounded).not.toBe(evidence);
    expect(bounded.origin).toBe(truncateValue(evidence.origin));
    expect(bounded.origins).toEqual([...origins.slice(0, MAX_EVIDENCE_ITEMS), '…[+5 more]']);
    expect(bounded.count).toBe(1);
    expect(evidence.origins).toHaveLength(MAX_EVIDENCE_ITEMS + 5);
  });
});
