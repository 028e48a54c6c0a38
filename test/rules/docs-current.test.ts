import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES_DOC_PATH, renderRulesDoc } from '../../scripts/generate-rules-doc';
import { ruleCatalogue } from '../../lib/engine/catalogue';

describe('docs/rules.md', () => {
  it('is what `npm run docs:rules` would write (run it after changing rule metadata)', () => {
    expect(readFileSync(RULES_DOC_PATH, 'utf8')).toBe(renderRulesDoc());
  });

  it('documents every rule with its example', () => {
    const doc = renderRulesDoc();
    for (const rule of ruleCatalogue()) {
      expect(doc).toContain(`### ${rule.id}`);
      expect(doc).toContain(JSON.stringify(rule.remediation.example, null, 2));
    }
  });
});
