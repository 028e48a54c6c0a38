// What PutBucketCors rejects beyond the corpus: order of issues, explanations, the choices made where S3 is [UNK].
import { describe, expect, it } from 'vitest';
import { fromS3Rules, parseCorsDocument, type S3CorsRule, validateConfiguration } from '../../../lib/cors';

const ok: S3CorsRule = { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] };
const validate = (...rules: S3CorsRule[]) => validateConfiguration(fromS3Rules(rules));

describe('validateConfiguration', () => {
  it('accepts a valid configuration, including the edge values S3 accepts', () => {
    expect(validate(ok, { AllowedOrigins: [''], AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'], AllowedHeaders: ['x-amz-*', '*'], ExposeHeaders: ['ETag', 'x-amz-request-id'], MaxAgeSeconds: 0, ID: 'x'.repeat(255) })).toEqual([]);
  });

  it('counts an ID in characters, not UTF-16 units', () => {
    expect(validate({ ...ok, ID: '😀'.repeat(255), ExposeHeaders: ['Content-MD5', 'x-amz-meta-09'] })).toEqual([]);
  });

  it('explains why OPTIONS never belongs in AllowedMethods', () => {
    const [issue] = validate({ ...ok, AllowedMethods: ['GET', 'OPTIONS'] });
    expect(issue).toMatchObject({ code: 'InvalidRequest', status: 400, ruleIndex: 0, field: 'AllowedMethods', value: 'OPTIONS', message: 'Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS' });
    expect(issue?.explanation).toMatch(/preflights.*Access-Control-Request-Method.*OPTIONS never belongs in AllowedMethods/);
  });

  it.each([
    ['lowercase method', { ...ok, AllowedMethods: ['get'] }, 'InvalidRequest', 'Found unsupported HTTP method in CORS config. Unsupported method is get'],
    ['PATCH', { ...ok, AllowedMethods: ['PATCH'] }, 'InvalidRequest', 'Found unsupported HTTP method in CORS config. Unsupported method is PATCH'],
    ['two wildcards in an origin', { ...ok, AllowedOrigins: ['https://*.*.example.com'] }, 'InvalidRequest', 'AllowedOrigin "https://*.*.example.com" can not have more than one wildcard.'],
    ['two wildcards in a header', { ...ok, AllowedHeaders: ['*-amz-*'] }, 'InvalidRequest', 'AllowedHeader "*-amz-*" can not have more than one wildcard.'],
    ['fractional MaxAgeSeconds', { ...ok, MaxAgeSeconds: 1.5 }, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema'],
    ['MaxAgeSeconds beyond an int', { ...ok, MaxAgeSeconds: 2 ** 31 }, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema'],
    ['ID of 256 characters', { ...ok, ID: 'é'.repeat(256) }, 'InvalidArgument', 'ID length should not exceed allowed limit of 255'],
    ['an ExposeHeader with an underscore', { ...ok, ExposeHeaders: ['ETag', 'x_amz'] }, 'InvalidRequest', 'ExposeHeader "x_amz" contains invalid character.'],
    ['an ExposeHeader with a letter outside ASCII', { ...ok, ExposeHeaders: ['x-ämz'] }, 'InvalidRequest', 'ExposeHeader "x-ämz" contains invalid character.'],
    ['an empty ExposeHeader', { ...ok, ExposeHeaders: [''] }, 'InvalidRequest', 'ExposeHeader "" contains invalid character.'],
  ])('rejects %s', (_name, rule, code, message) => {
    expect(validate(rule)[0]).toMatchObject({ code, message, status: 400, ruleIndex: 0 });
  });

  it.each([
    ['a fraction', 1.5, /^MaxAgeSeconds must be a whole number of seconds\.$/],
    ['2^31, past the 32-bit integer', 2 ** 31, /^MaxAgeSeconds 2147483648 exceeds 2147483647, the largest value of S3's 32-bit integer field\.$/],
    ['a large negative number', -(2 ** 40), /^MaxAgeSeconds -1099511627776 is below the range of S3's 32-bit integer field\.$/],
  ])('explains a MaxAgeSeconds of %s for what it is', (_name, maxAge, explanation) => {
    expect(validate({ ...ok, MaxAgeSeconds: maxAge })[0]?.explanation).toMatch(explanation);
  });

  it.each([
    ['an ID over 255 characters', { ...ok, ID: 'x'.repeat(256) }, /not the error; this code and wording are the ones S3 uses for lifecycle rule IDs/],
    ['a wildcard ExposeHeader', { ...ok, ExposeHeaders: ['*'] }, /exact message is undocumented; this wording is ours/],
  ])('says the wording for %s is ours', (_name, rule, explanation) => {
    expect(validate(rule)[0]?.explanation).toMatch(explanation);
  });

  it('says the code for a body over 64 KB is our choice, S3\'s being undocumented', () => {
    const huge: S3CorsRule = { ...ok, AllowedOrigins: Array.from({ length: 3000 }, (_, i) => `https://h${i}.example.com`) };
    expect(validate(huge)[0]).toMatchObject({ code: 'EntityTooLarge', explanation: expect.stringMatching(/not the error it returns; EntityTooLarge is this tool's choice/) });
  });

  it('orders issues as S3 checks them: size, schema, rule count, then rules in order', () => {
    const huge: S3CorsRule = { AllowedOrigins: Array.from({ length: 2000 }, (_, i) => `https://h${i}.example.com`), AllowedMethods: ['get'] };
    const issues = validate(...Array.from({ length: 101 }, () => ok), { AllowedMethods: ['GET'] }, huge);
    expect(issues.map((issue) => [issue.code, issue.ruleIndex])).toEqual([
      ['EntityTooLarge', null],
      ['MalformedXML', 101],
      ['InvalidRequest', null],
      ['InvalidRequest', 102],
    ]);
    expect(issues[0]?.message).toMatch(/^The CORS configuration is \d+ bytes; PutBucketCors accepts at most 65536 bytes \(64 KB\)\.$/);
  });

  it('reports every bad value of a rule, not only the first', () => {
    const issues = validate({ AllowedOrigins: ['*a*'], AllowedMethods: ['GET', 'OPTIONS', 'TRACE'], ExposeHeaders: ['*', 'ok', 'bad header'] });
    expect(issues.map((issue) => issue.value)).toEqual(['OPTIONS', 'TRACE', '*a*', '*', 'bad header']);
  });

  it('measures size on the PutBucketCors XML body: 64 KB passes, one byte more does not', () => {
    const sized = (bytes: number) => {
      const base = fromS3Rules([{ ...ok, AllowedOrigins: [''] }]).sizeBytes;
      return fromS3Rules([{ ...ok, AllowedOrigins: ['x'.repeat(bytes - base)] }]);
    };
    expect(sized(65_536).sizeBytes).toBe(65_536);
    expect(validateConfiguration(sized(65_536))).toEqual([]);
    expect(validateConfiguration(sized(65_537))[0]?.code).toBe('EntityTooLarge');
  });
});

describe('validateConfiguration of CloudFormation intrinsics', () => {
  const template = (methods: string, expose: string) => `Parameters: { Method: { Type: String }, Header: { Type: String } }
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: ['https://app.example.com']
            AllowedMethods: ${methods}
            ExposedHeaders: ${expose}
`;
  const issues = (text: string) => parseCorsDocument(text, 'template.yaml').flatMap((parsed) => validateConfiguration(parsed.config));

  it('does not judge an item given by !Ref as the placeholder text it reads as', () => {
    expect(issues(template('[GET, !Ref Method]', '[ETag, !Ref Header]'))).toEqual([]);
  });

  it('still rejects the same text written as a literal, and a bad literal beside an intrinsic', () => {
    expect(issues(template("[GET, '${Ref:Method}']", '[ETag]')).map((issue) => issue.value)).toEqual(['${Ref:Method}']);
    expect(issues(template('[OPTIONS, !Ref Method]', '[!Ref Header, x_y]')).map((issue) => issue.value)).toEqual(['OPTIONS', 'x_y']);
  });
});

describe('MaxAgeSeconds range', () => {
  it('accepts the whole 32-bit range S3 types it with, and refuses one past either end', () => {
    expect(validate({ ...ok, MaxAgeSeconds: -2_147_483_648 }, { ...ok, MaxAgeSeconds: 2_147_483_647 })).toEqual([]);
    expect(validate({ ...ok, MaxAgeSeconds: -2_147_483_649 }, { ...ok, MaxAgeSeconds: 2_147_483_648 }).map((issue) => [issue.code, issue.value])).toEqual([
      ['MalformedXML', '-2147483649'],
      ['MalformedXML', '2147483648'],
    ]);
  });
});
