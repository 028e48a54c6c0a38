import { describe, expect, it } from 'vitest';
import { ruleCatalogue } from '../../../lib/engine';
import { complianceFromDoc, complianceOf, ruleDoc } from '../../../lib/report/compliance';

describe('compliance mapping', () => {
  it.each(ruleCatalogue().map((rule) => [rule.id, rule] as const))('maps %s to at least one CWE and one NIST 800-53 control', (id, rule) => {
    const mapping = complianceOf(id);
    expect(mapping.cwe.length).toBeGreaterThan(0);
    expect(mapping.cwe.every((cwe) => /^CWE-\d+$/.test(cwe))).toBe(true);
    expect(mapping.nist80053.length).toBeGreaterThan(0);
    expect(mapping.references).toEqual(rule.references.filter((reference) => reference.startsWith('https://')));
  });

  it.each([
    ['S3CORS-ANY-ORIGIN-WRITE', ['CWE-942'], ['AC-4', 'SC-7']],
    ['S3CORS-ORIGIN-CLEARTEXT', ['CWE-319'], ['AC-4', 'SC-7', 'SC-8']],
    ['S3CORS-INVALID-CONFIG', ['CWE-942'], ['CM-6']],
  ])('maps %s to %j and %j', (id, cwe, nist) => {
    expect(complianceOf(id)).toMatchObject({ cwe, nist80053: nist });
  });

  it('maps an unknown (retired) rule to the CORS baseline instead of failing', () => {
    expect(ruleDoc('S3CORS-RETIRED')).toBeUndefined();
    expect(complianceOf('S3CORS-RETIRED')).toEqual({ cwe: ['CWE-942'], nist80053: ['AC-4', 'SC-7'], references: [] });
  });

  it('reads CWE ids written as text as well as MITRE URLs, without duplicates', () => {
    const doc = { ...ruleDoc('S3CORS-ANY-ORIGIN-WRITE')!, references: ['CWE-346', 'https://cwe.mitre.org/data/definitions/346.html', 'https://cwe.mitre.org/data/definitions/942.html'] };
    expect(complianceFromDoc(doc).cwe).toEqual(['CWE-346', 'CWE-942']);
  });
});
