import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_PATH, withReadmeCatalogue } from '../../../scripts/generate-rules-doc';
import { ruleCatalogue } from '../../../lib/engine/catalogue';

describe('README.md', () => {
  const readme = readFileSync(README_PATH, 'utf8');

  it('lists the rule catalogue as `npm run docs:rules` would write it', () => {
    expect(readme).toBe(withReadmeCatalogue(readme));
    for (const rule of ruleCatalogue()) expect(readme).toContain(`| [${rule.id}](docs/rules.md#${rule.docAnchor}) | ${rule.severity} |`);
  });

  it('starts users with exactly the two commands, then the test command CI runs', () => {
    expect(readme).toMatch(/```sh\nnpm ci\nnpm start[^\n]*\nnpm test[^\n]*\n```/);
    expect(readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8')).toMatch(/\nnpm test\n/);
  });
});
