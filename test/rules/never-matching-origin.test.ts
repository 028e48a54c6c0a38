import { describe, expect, it } from 'vitest';
import { parseCorsDocument } from '../../lib/cors';
import { ruleContextOf } from '../../lib/rules/define-rule';
import rule from '../../lib/rules/never-matching-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://app.example.com', 'https://app.example.com:8443', 'http://app.example.com:443', '*', 'null', '*.example.com', 'https://*', '*://x.example.com'], AllowedMethods: ['GET'] }]],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://app.example.com/', 'https://app.example.com/path', 'https://App.example.com', 'https://app.example.com:443', 'http://app.example.com:80', ' https://app.example.com', 'app.example.com', '', 'https://*.example.com/', 'HTTPS://*.example.com'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { reason: 'ends with a slash (browsers send no trailing slash)' } },
        { ruleIndex: 0, evidence: { reason: 'has a path (browsers send no path)' } },
        { ruleIndex: 0, evidence: { reason: 'has uppercase letters (browsers send the scheme and host in lowercase)' } },
        { ruleIndex: 0, evidence: { reason: 'names the default port :443 (browsers omit it)' } },
        { ruleIndex: 0, evidence: { reason: 'names the default port :80 (browsers omit it)' } },
        { ruleIndex: 0, evidence: { reason: 'contains whitespace' } },
        { ruleIndex: 0, evidence: { reason: 'has no scheme (browsers send https://host)' } },
        { ruleIndex: 0, evidence: { reason: 'is empty' } },
        { ruleIndex: 0, evidence: { reason: 'ends with a slash (browsers send no trailing slash)' } },
        { ruleIndex: 0, evidence: { origin: 'HTTPS://*.example.com' } },
      ],
    },
  ],
});

describe('S3CORS-ORIGIN-NEVER-MATCHES on CloudFormation intrinsics', () => {
  const reasons = (text: string, file: string) =>
    parseCorsDocument(text, file).flatMap(({ config }) => rule.check(ruleContextOf(config)).map((report) => [report.ruleIndex, report.evidence.origin]));

  it.each([
    ['YAML short form', "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      CorsConfiguration:\n        CorsRules:\n          - AllowedOrigins: [!Ref AppOrigin, !Sub 'https://app.${DomainName}', 'https://App.example.com']\n            AllowedMethods: [GET]\n", 't.yaml'],
    ['JSON long form', JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: { CorsRules: [{ AllowedOrigins: [{ Ref: 'AppOrigin' }, { 'Fn::Sub': 'https://app.${DomainName}' }, 'https://App.example.com'], AllowedMethods: ['GET'] }] } } } } }), 't.json'],
  ])('judges the literal origin, not the placeholder text of !Ref or !Sub (%s)', (_, text, file) => {
    expect(reasons(text, file)).toEqual([[0, 'https://App.example.com']]);
  });

  it('still judges a literal that reads the same as a placeholder in the same rule', () => {
    const text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      CorsConfiguration:\n        CorsRules:\n          - AllowedOrigins: [!Sub 'https://app.${DomainName}', 'https://app.${DomainName}']\n            AllowedMethods: [GET]\n";
    expect(reasons(text, 't.yaml')).toEqual([[0, 'https://app.${DomainName}']]);
  });
});
