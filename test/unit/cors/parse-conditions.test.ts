// CloudFormation conditions: one configuration per outcome of the Fn::If inside a bucket's CorsConfiguration, named by
// the branch it comes from; AWS::NoValue removes what it stands for; placeholders of intrinsics are not literal origins.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CorsParseError, parseCorsDocument } from '../../../lib/cors';
import { assessBucket } from '../../../lib/engine/assess';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/cfn-conditions/${name}`, import.meta.url), 'utf8');

/** What `lint` shows for each bucket: its name and each finding as `RULE-ID rule N line L`. */
function lint(text: string, file: string): { name: string; findings: string[] }[] {
  return parseCorsDocument(text, file).map(({ name, config }) => ({
    name,
    findings: assessBucket({ config, target: { bucket: name } }).findings.map(
      (finding) => `${finding.ruleId} rule ${finding.ruleIndex === null ? '-' : finding.ruleIndex + 1} line ${finding.location.line ?? '-'}`,
    ),
  }));
}

const names = (text: string, file: string): string[] => parseCorsDocument(text, file).map((parsed) => parsed.name);

describe('Fn::If around the whole CorsConfiguration or its CorsRules', () => {
  it.each([
    { file: 'whole-configuration.yaml', uploadsLine: 11, assetsLine: 21 },
    { file: 'whole-configuration.json', uploadsLine: 13, assetsLine: 29 },
  ])('lints each branch with CORS, with lines inside the branch ($file)', ({ file, uploadsLine, assetsLine }) => {
    const buckets = lint(fixture(file), file);
    // DevOnly has no CORS whatever IsProd is: absent, as a bucket without CORS always was.
    expect(buckets.map((bucket) => bucket.name)).toEqual(['Uploads [IsProd=true]', 'Assets [IsProd=true]', 'Assets [IsProd=false]']);
    expect(buckets[0]?.findings).toContain(`S3CORS-ANY-ORIGIN-WRITE rule 1 line ${uploadsLine}`);
    expect(buckets[0]?.findings).toContain(`S3CORS-DANGEROUS-HEADER-WRITE rule 1 line ${uploadsLine}`);
    expect(buckets[1]?.findings).toContain(`S3CORS-ANY-ORIGIN-WRITE rule 1 line ${assetsLine}`);
    expect(buckets[2]?.findings).toEqual([]);
  });

  it('keeps the logical id as the resource of the configuration and of its rules', () => {
    const [uploads] = parseCorsDocument(fixture('whole-configuration.yaml'), 'w.yaml');
    expect(uploads?.location).toEqual({ file: 'w.yaml', resource: 'Uploads', line: 6 });
    expect(uploads?.config.rules[0]?.location).toEqual({ file: 'w.yaml', resource: 'Uploads', ruleIndex: 0, line: 11 });
  });
});

describe('Fn::If around one rule or inside its fields', () => {
  it.each([
    { file: 'rule-branches.yaml', uploadsLine: 12, siteLine: 21 },
    { file: 'rule-branches.json', uploadsLine: 12, siteLine: 25 },
  ])('sees the rule and the `*` branch, reports no missing origin or method ($file)', ({ file, uploadsLine, siteLine }) => {
    const buckets = lint(fixture(file), file);
    expect(buckets.map((bucket) => bucket.name)).toEqual([
      'Uploads [IsProd=true]',
      'Site [IsProd=true]',
      'Site [IsProd=false]',
      'Reports [IsProd=true]',
      'Reports [IsProd=false]',
    ]);
    expect(buckets.flatMap((bucket) => bucket.findings).filter((finding) => finding.startsWith('S3CORS-INVALID-CONFIG'))).toEqual([]);
    expect(buckets[0]?.findings).toContain(`S3CORS-ANY-ORIGIN-WRITE rule 1 line ${uploadsLine}`);
    expect(buckets[1]?.findings).not.toContain(`S3CORS-ANY-ORIGIN-WRITE rule 1 line ${siteLine}`);
    expect(buckets[2]?.findings).toContain(`S3CORS-ANY-ORIGIN-WRITE rule 1 line ${siteLine}`);
  });

  it.each(['rule-branches.yaml', 'rule-branches.json'])('drops an AllowedMethods item and a MaxAge set to AWS::NoValue (%s)', (file) => {
    const reports = parseCorsDocument(fixture(file), file).filter((parsed) => parsed.location.resource === 'Reports');
    expect(reports.map(({ name, config }) => [name, config.rules[0]?.allowedMethods, config.rules[0]?.maxAgeSeconds])).toEqual([
      ['Reports [IsProd=true]', ['GET'], 3600],
      ['Reports [IsProd=false]', ['GET', 'DELETE'], undefined],
    ]);
    expect(lint(fixture(file), file)[4]?.findings).toContain('S3CORS-ANY-ORIGIN-WRITE rule 1 line ' + (file.endsWith('.yaml') ? 30 : 40));
  });
});

describe('nested Fn::If and identical branches', () => {
  const buckets = parseCorsDocument(fixture('nested.yaml'), 'nested.yaml');
  const byName = new Map(buckets.map((parsed) => [parsed.name, parsed.config.rules]));

  it('gives each condition one value throughout a configuration, naming only the conditions it depended on', () => {
    expect(buckets.map((parsed) => parsed.name)).toEqual([
      'Media [IsProd=true, IsEu=true]',
      'Media [IsProd=true, IsEu=false]',
      'Media [IsProd=false, IsEu=true]',
      'Media [IsProd=false, IsEu=false]',
      'Archive [IsProd=true, IsEu=true]',
      'Archive [IsProd=true, IsEu=false]',
      'Archive [IsProd=false]',
      // Both branches are the same rule: one configuration, today's name.
      'Logs',
    ]);
    expect(byName.get('Media [IsProd=true, IsEu=true]')?.map((rule) => [rule.allowedOrigins, rule.allowedMethods])).toEqual([
      [['https://eu.example.com'], ['GET']],
      [['https://eu.example.com'], ['GET']],
    ]);
    expect(byName.get('Media [IsProd=false, IsEu=false]')?.map((rule) => [rule.allowedOrigins, rule.allowedMethods])).toEqual([[['*'], ['GET', 'PUT']]]);
    expect(byName.get('Archive [IsProd=true, IsEu=false]')?.[0]?.allowedOrigins).toEqual(['https://www.example.com']);
  });

  it('lists every setting that gives the same configuration', () => {
    const template = `Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: [!If [A, !If [B, 'https://a.example.com', '*'], 'https://a.example.com']]
            AllowedMethods: [GET]
`;
    expect(names(template, 't.yaml')).toEqual(['B [A=true, B=true | A=false]', 'B [A=true, B=false]']);
  });
});

describe('how many settings are linted', () => {
  /** One rule per condition: a specific origin when it holds, `*` with PUT when it does not. */
  const template = (count: number): string => {
    const rules = Array.from(
      { length: count },
      (_, index) => `          - !If [C${index + 1}, {AllowedOrigins: ['https://c${index + 1}.example.com'], AllowedMethods: [GET]}, {AllowedOrigins: ['*'], AllowedMethods: [PUT]}]`,
    );
    return `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      CorsConfiguration:\n        CorsRules:\n${rules.join('\n')}\n`;
  };

  it('lints every combination of up to 4 conditions (16 configurations)', () => {
    const found = names(template(4), 't.yaml');
    expect(found).toHaveLength(16);
    expect(found[0]).toBe('B [C1=true, C2=true, C3=true, C4=true]');
    expect(found[15]).toBe('B [C1=false, C2=false, C3=false, C4=false]');
  });

  it('beyond 4, lints all-true, all-false and each single flip from both, so every branch is seen', () => {
    const parsed = parseCorsDocument(template(6), 't.yaml');
    expect(parsed).toHaveLength(2 + 2 * 6);
    expect(parsed.slice(0, 3).map((configuration) => configuration.name)).toEqual([
      'B [C1=true, C2=true, C3=true, C4=true, C5=true, C6=true]',
      'B [C1=false, C2=false, C3=false, C4=false, C5=false, C6=false]',
      'B [C1=false, C2=true, C3=true, C4=true, C5=true, C6=true]',
    ]);
    for (let rule = 0; rule < 6; rule += 1) {
      const origins = new Set(parsed.map((configuration) => configuration.config.rules[rule]?.allowedOrigins[0]));
      expect(origins).toEqual(new Set([`https://c${rule + 1}.example.com`, '*']));
    }
  });

  it('refuses more than 8 conditions in one bucket with a one-line error naming it', () => {
    expect(() => parseCorsDocument(template(9), 't.yaml')).toThrow(CorsParseError);
    expect(() => parseCorsDocument(template(9), 't.yaml')).toThrow(/^line 6: B: CorsConfiguration depends on more than 8 conditions \(Fn::If\)/);
  });

  it('follows a long chain of one condition only so far, without a stack overflow', () => {
    // Written as text: JSON.stringify itself would overflow on this nesting.
    const depth = 20_000;
    const chain = `${'{"Fn::If": ["A", '.repeat(depth)}{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}${', {"Ref": "AWS::NoValue"}]}'.repeat(depth)}`;
    const text = `{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"CorsConfiguration": {"CorsRules": [${chain}]}}}}}`;
    // Past the depth bound the rest stays an unresolved intrinsic: a rule without origins or methods.
    expect(parseCorsDocument(text, 't.json').map(({ name, config }) => [name, config.rules[0]?.allowedOrigins])).toEqual([['B [A=true]', []]]);
  });
});

describe('templates without conditions', () => {
  it('keep their names and findings', () => {
    expect(lint(fixture('no-conditions.yaml'), 'no-conditions.yaml')).toEqual([
      {
        name: 'Uploads',
        findings: [
          'S3CORS-ANY-ORIGIN-WRITE rule 1 line 11',
          'S3CORS-METHOD-DELETE rule 1 line 11',
          'S3CORS-UPLOAD-ETAG-NOT-EXPOSED rule 1 line 11',
          'S3CORS-ORIGIN-NEVER-MATCHES rule 2 line 16',
          'S3CORS-MAXAGE-MISSING rule 1 line 11',
          'S3CORS-MAXAGE-MISSING rule 2 line 16',
        ],
      },
      { name: 'Assets', findings: ['S3CORS-CREDENTIALED-WILDCARD-WRITE rule 1 line 23', 'S3CORS-ORIGIN-WILDCARD-SUBDOMAIN rule 1 line 23'] },
    ]);
  });
});

describe('origins given by an intrinsic', () => {
  it.each(['intrinsic-origins.yaml', 'intrinsic-origins.json'])('are not judged as literal text, a literal beside them is (%s)', (file) => {
    const [site] = parseCorsDocument(fixture(file), file);
    expect(site?.config.rules.map((rule) => rule.unresolvedItems)).toEqual([{ allowedOrigins: [0, 1, 2] }, { allowedOrigins: [0] }, undefined]);
    const findings = assessBucket({ config: site!.config, target: { bucket: 'Site' } }).findings;
    expect(findings.map((finding) => [finding.ruleId, finding.evidence.origin])).toEqual([['S3CORS-ORIGIN-NEVER-MATCHES', 'https://App.example.com']]);
  });

  it('a `${...}` written as a literal string still never matches', () => {
    const plain = JSON.stringify([{ AllowedOrigins: ['https://app.${DomainName}'], AllowedMethods: ['GET'], MaxAgeSeconds: 600 }]);
    const template = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      CorsConfiguration:\n        CorsRules:\n          - AllowedOrigins: ['https://app.${DomainName}']\n            AllowedMethods: [GET]\n            MaxAge: 600\n";
    expect(lint(plain, 'cors.json')[0]?.findings).toEqual(['S3CORS-ORIGIN-NEVER-MATCHES rule 1 line 1']);
    // CloudFormation substitutes only inside Fn::Sub: this is the text S3 gets.
    expect(lint(template, 't.yaml')[0]?.findings).toEqual(['S3CORS-ORIGIN-NEVER-MATCHES rule 1 line 7']);
  });
});
