import { describe, expect, it } from 'vitest';
import { parseCorsDocument } from '../../lib/cors';
import { fromS3Rules } from '../../lib/cors/serialize';
import { ruleContextOf } from '../../lib/rules/define-rule';
import { RULES } from '../../lib/rules/index';
import rule from '../../lib/rules/never-matching-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://app.example.com', 'https://app.example.com:8443', 'http://app.example.com:443', '*', 'null', '*.example.com', 'https://*', '*://x.example.com'], AllowedMethods: ['GET'] }],
    // As browsers write them: addresses in canonical form, a name starting with a digit.
    [{ AllowedOrigins: ['http://127.0.0.1:8080', 'http://[::1]:3000', 'http://[fd00::1]', 'https://1password.com', 'http://192.168.1.8'], AllowedMethods: ['GET'] }],
  ],
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
    {
      name: 'hosts and ports browsers serialise otherwise: the reason says what they send',
      config: [{ AllowedOrigins: ['http://0x7f.1', 'http://2130706433', 'http://127.1', 'http://0177.0.0.1', 'http://[0:0:0:0:0:0:0:1]', 'http://[::ffff:127.0.0.1]', 'http://192.168.001.010', 'https://app.example.com:0443', 'http://256.0.0.1'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { origin: 'http://0x7f.1', reason: 'is not written as browsers send it (they send http://127.0.0.1)' } },
        { ruleIndex: 0, evidence: { reason: 'is not written as browsers send it (they send http://127.0.0.1)' } },
        { ruleIndex: 0, evidence: { reason: 'is not written as browsers send it (they send http://127.0.0.1)' } },
        { ruleIndex: 0, evidence: { reason: 'is not written as browsers send it (they send http://127.0.0.1)' } },
        { ruleIndex: 0, evidence: { reason: 'is not written as browsers send it (they send http://[::1])' } },
        { ruleIndex: 0, evidence: { reason: 'is not written as browsers send it (they send http://[::ffff:7f00:1])' } },
        { ruleIndex: 0, evidence: { reason: 'is not written as browsers send it (they send http://192.168.1.8)' } },
        { ruleIndex: 0, evidence: { reason: 'is not written as browsers send it (they send https://app.example.com)' } },
        { ruleIndex: 0, evidence: { origin: 'http://256.0.0.1', reason: 'is not a valid URL origin (a browser can load no page there)' } },
      ],
    },
    {
      name: 'a pattern that never matches gets no other origin finding, but this one',
      config: [{ AllowedOrigins: ['https://*:443', 'https://*.Github.io', 'https://*.example.com/'], AllowedMethods: ['GET', 'PUT'] }],
      findings: [{ ruleIndex: 0, evidence: { origin: 'https://*:443' } }, { ruleIndex: 0, evidence: { origin: 'https://*.Github.io' } }, { ruleIndex: 0, evidence: { origin: 'https://*.example.com/' } }],
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

describe('S3CORS-ORIGIN-NEVER-MATCHES alone', () => {
  it('is the only origin rule reporting a pattern that never matches', () => {
    const context = ruleContextOf(fromS3Rules([{ AllowedOrigins: ['https://*:443', 'https://*.Github.io', 'https://*.example.com/', 'http://localhost:3000/', 'http://127.1', 'HTTP://*'], AllowedMethods: ['GET', 'PUT'] }]));
    const originRules = RULES.filter((candidate) => candidate.category === 'origin' || candidate.id === rule.id);
    const reporting = originRules.filter((candidate) => candidate.check(context).length > 0).map((candidate) => candidate.id);
    expect(reporting).toEqual([rule.id]);
  });
});
