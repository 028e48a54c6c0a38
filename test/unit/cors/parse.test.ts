// The parsers: every format users keep CORS in, with locations, and one-line errors for bad input.
import { describe, expect, it } from 'vitest';
import { CorsParseError, MAX_DOCUMENT_BYTES, parseCorsDocument, validateConfiguration } from '../../../lib/cors';

function parseError(text: string, file = 'cors.json'): CorsParseError {
  try {
    parseCorsDocument(text, file);
  } catch (error) {
    if (error instanceof CorsParseError) return error;
    throw error;
  }
  throw new Error('expected a CorsParseError');
}

describe('S3 JSON shapes', () => {
  const consoleArray = `[
  {
    "AllowedOrigins": ["https://app.example.com"],
    "AllowedMethods": ["GET", "PUT"],
    "AllowedHeaders": ["*"],
    "ExposeHeaders": ["ETag"],
    "MaxAgeSeconds": 3000,
    "ID": "app"
  },
  {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}
]`;

  it('reads the console array with every field and the line of each rule', () => {
    const [parsed, ...rest] = parseCorsDocument(consoleArray, 'configs/site-cors.json');
    expect(rest).toEqual([]);
    expect(parsed?.name).toBe('site-cors.json');
    expect(parsed?.config.rules).toEqual([
      {
        id: 'app',
        allowedOrigins: ['https://app.example.com'],
        allowedMethods: ['GET', 'PUT'],
        allowedHeaders: ['*'],
        exposeHeaders: ['ETag'],
        maxAgeSeconds: 3000,
        location: { file: 'configs/site-cors.json', ruleIndex: 0, line: 2 },
      },
      { allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [], exposeHeaders: [], location: { file: 'configs/site-cors.json', ruleIndex: 1, line: 10 } },
    ]);
    expect(parsed?.config.sizeBytes).toBeGreaterThan(200);
  });

  it('reads the SDK/CLI shape and the CORSConfiguration wrapper alike', () => {
    const rule = { AllowedOrigins: ['https://a.example'], AllowedMethods: ['GET'] };
    const sdk = parseCorsDocument(JSON.stringify({ CORSRules: [rule] }), 'a.json');
    const wrapped = parseCorsDocument(JSON.stringify({ CORSConfiguration: { CORSRules: [rule] } }), 'a.json');
    expect(sdk[0]?.config.rules[0]?.allowedOrigins).toEqual(['https://a.example']);
    expect(wrapped[0]?.config).toEqual(sdk[0]?.config);
  });

  it('finds the line of rules nested in the SDK shape, keys with escapes included', () => {
    const text = '{\n  "Comment\\"x": {"a": [1, {"b": 2}]},\n  "CORSRules": [\n    {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]},\n\n    {"AllowedOrigins": ["*"], "AllowedMethods": ["PUT"]}\n  ]\n}';
    const lines = parseCorsDocument(text, 'a.json')[0]?.config.rules.map((rule) => rule.location.line);
    expect(lines).toEqual([4, 6]);
  });

  it('keeps a non-numeric MaxAgeSeconds as NaN so validation reports it', () => {
    const [parsed] = parseCorsDocument('[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"MaxAgeSeconds":"soon"}]', 'a.json');
    expect(parsed?.config.rules[0]?.maxAgeSeconds).toBeNaN();
  });

  it.each([
    ['[{"AllowedOrigins":[5],"AllowedMethods":["GET"]}]', /^line 1: rule 1: AllowedOrigins must be an array of strings, item 0 is number "5"$/],
    ['[{"AllowedOrigins":["*"],"AllowedMethods":["GET"]},\n {"AllowedOrigins":["*"],"AllowedMethods":[{"m":1}]}]', /^line 2: rule 2: AllowedMethods must be an array of strings, item 0 is an object$/],
    ['[{"AllowedOrigins":"*","AllowedMethods":["GET"]}]', /AllowedOrigins must be an array of strings, got string "\*"/],
    ['[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"MaxAgeSeconds":{}}]', /rule 1: MaxAgeSeconds must be a number/],
    ['["GET"]', /rule 1: a CORS rule must be an object/],
    ['{"CORSRules": {"AllowedOrigins": ["*"]}}', /^line 1: CORSRules must be an array of CORS rules$/],
  ])('rejects wrong types with field, rule and line: %s', (text, message) => {
    expect(parseError(text).message).toMatch(message);
  });
});

describe('S3 XML', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <!-- <CORSRule> in a comment is not a rule -->
  <CORSRule>
    <ID>upload</ID>
    <AllowedOrigin>https://a.example.com</AllowedOrigin>
    <AllowedOrigin>https://b.example.com?x=1&amp;y=2</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>x-amz-*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
  <CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>
</CORSConfiguration>`;

  it('reads single and repeated elements, decodes entities and locates each <CORSRule>', () => {
    const [parsed] = parseCorsDocument(xml, 'cors.xml');
    expect(parsed?.name).toBe('cors.xml');
    expect(parsed?.config.rules).toEqual([
      {
        id: 'upload',
        allowedOrigins: ['https://a.example.com', 'https://b.example.com?x=1&y=2'],
        allowedMethods: ['PUT'],
        allowedHeaders: ['x-amz-*'],
        exposeHeaders: ['ETag'],
        maxAgeSeconds: 3000,
        location: { file: 'cors.xml', ruleIndex: 0, line: 4 },
      },
      { allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [], exposeHeaders: [], location: { file: 'cors.xml', ruleIndex: 1, line: 13 } },
    ]);
  });

  it('reads a namespace prefix, an empty <CORSRule/> and an empty configuration', () => {
    const prefixed = parseCorsDocument('<s3:CORSConfiguration xmlns:s3="x"><s3:CORSRule><s3:AllowedMethod>GET</s3:AllowedMethod></s3:CORSRule><s3:CORSRule/></s3:CORSConfiguration>', 'p.xml');
    expect(prefixed[0]?.config.rules.map((rule) => rule.allowedMethods)).toEqual([['GET'], []]);
    expect(parseCorsDocument('<CORSConfiguration/>', 'e.xml')[0]?.config.rules).toEqual([]);
  });

  it('names the line of malformed XML, and a document without <CORSConfiguration>', () => {
    expect(parseError('<CORSConfiguration>\n<CORSRule>\n</CORSConfiguration>').message).toMatch(/^line 3: not well-formed XML: /);
    expect(parseError('<LifecycleConfiguration/>').message).toMatch(/^no CORS configuration found \(expected/);
  });
});

describe('CloudFormation and SAM', () => {
  const yamlTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Domain: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - Id: !Sub '\${AWS::StackName}-assets'
            AllowedOrigins:
              - !Sub 'https://\${Domain}'
              - !Ref ExtraOrigin
              - https://static.example.com
            AllowedMethods: [GET, HEAD]
            AllowedHeaders: !Split [',', !Ref HeaderList]
            ExposedHeaders: [ETag]
            MaxAge: 3600
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Join ['-', [uploads, !Select [0, !GetAZs '']]]
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: ['*']
            AllowedMethods: [PUT]
          - AllowedOrigins: !Split [',', !ImportValue Origins]
            AllowedMethods: [GET]
            MaxAge: !FindInMap [Ages, !Ref Env, Max]
  Plain:
    Type: AWS::S3::Bucket
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  Arn: { Value: !GetAtt Assets.Arn, Condition: IsProd }
  Enc: { Value: !Base64 x }
  Mapped: { Value: !Base64 { Ref: X } }
  Net: { Value: !Cidr [10.0.0.0/16, 2, 8] }
  Check: { Value: !And [!Not [!Condition IsProd], !Or [!Condition IsProd]] }
`;

  it('reads every AWS::S3::Bucket with CorsRules, with short-form intrinsics as placeholders and YAML lines', () => {
    const parsed = parseCorsDocument(yamlTemplate, 'template.yaml');
    expect(parsed.map((configuration) => [configuration.name, configuration.location])).toEqual([
      ['Assets', { file: 'template.yaml', resource: 'Assets', line: 8 }],
      ['Uploads', { file: 'template.yaml', resource: 'Uploads', line: 22 }],
    ]);
    const assets = parsed[0]?.config.rules[0];
    expect(assets).toEqual({
      id: '${AWS::StackName}-assets',
      allowedOrigins: ['https://${Domain}', '${Ref:ExtraOrigin}', 'https://static.example.com'],
      allowedMethods: ['GET', 'HEAD'],
      // An intrinsic in place of a whole list cannot be resolved offline: read as empty and marked unresolved.
      allowedHeaders: [],
      exposeHeaders: ['ETag'],
      maxAgeSeconds: 3600,
      location: { file: 'template.yaml', resource: 'Assets', ruleIndex: 0, line: 12 },
      unresolved: ['allowedHeaders'],
      // Which items are an intrinsic's placeholder, not literal text (origin checks skip them).
      unresolvedItems: { allowedOrigins: [0, 1] },
    });
    const uploads = parsed[1]?.config.rules;
    expect(uploads?.map((rule) => [rule.allowedOrigins, rule.location.line, rule.maxAgeSeconds])).toEqual([
      [['*'], 27, undefined],
      [[], 29, undefined],
    ]);
    // A deploy-time origin list is not "missing": validation must not call it MalformedXML.
    expect(uploads?.[1]?.unresolved).toEqual(['allowedOrigins']);
    expect(validateConfiguration(parsed[1]!.config)).toEqual([]);
  });

  it('reads a JSON template with long-form intrinsics and JSON lines', () => {
    const template = JSON.stringify(
      {
        Resources: {
          Site: {
            Type: 'AWS::S3::Bucket',
            Properties: { CorsConfiguration: { CorsRules: [{ AllowedOrigins: [{ 'Fn::GetAtt': ['Dist', 'DomainName'] }], AllowedMethods: ['GET'], Id: { Ref: 'RuleId' } }] } },
          },
        },
      },
      null,
      2,
    );
    const [parsed] = parseCorsDocument(template, 'template.json');
    expect(parsed?.name).toBe('Site');
    expect(parsed?.config.rules[0]).toMatchObject({ id: '${Ref:RuleId}', allowedOrigins: ['${Fn::GetAtt:["Dist","DomainName"]}'], location: { resource: 'Site', ruleIndex: 0, line: 8 } });
  });

  it('returns nothing for a template whose buckets have no CORS, and names the rule for a wrong type', () => {
    expect(parseCorsDocument('Resources:\n  B:\n    Type: AWS::S3::Bucket\n', 't.yaml')).toEqual([]);
    const bad = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      CorsConfiguration:\n        CorsRules:\n          - AllowedOrigins: [{a: 1}]\n            AllowedMethods: [GET]\n';
    expect(parseError(bad, 't.yaml').message).toBe('line 7: rule 1: AllowedOrigins must be an array of strings, item 0 is an object');
  });
});

describe('Terraform plan JSON', () => {
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          { address: 'aws_s3_bucket.legacy', type: 'aws_s3_bucket', values: { bucket: 'legacy', cors_rule: [{ allowed_origins: ['https://old.example'], allowed_methods: ['GET'], allowed_headers: null, expose_headers: [], max_age_seconds: null }] } },
          { address: 'aws_s3_bucket.no_cors', type: 'aws_s3_bucket', values: { bucket: 'x', cors_rule: [] } },
        ],
        child_modules: [
          {
            address: 'module.site',
            resources: [],
            child_modules: [
              {
                address: 'module.site.module.cdn',
                resources: [
                  {
                    address: 'module.site.module.cdn.aws_s3_bucket_cors_configuration.this',
                    type: 'aws_s3_bucket_cors_configuration',
                    values: { bucket: 'cdn', cors_rule: [{ id: 'r1', allowed_origins: ['https://*.example.com'], allowed_methods: ['GET', 'HEAD'], allowed_headers: ['*'], expose_headers: ['ETag'], max_age_seconds: 600 }] },
                  },
                ],
              },
            ],
          },
        ],
      },
    },
  };

  it('reads both resource types through nested child modules, named by address', () => {
    const parsed = parseCorsDocument(JSON.stringify(plan, null, 1), 'plan.json');
    expect(parsed.map((configuration) => configuration.name)).toEqual(['aws_s3_bucket.legacy', 'module.site.module.cdn.aws_s3_bucket_cors_configuration.this']);
    expect(parsed[1]?.config.rules[0]).toMatchObject({ id: 'r1', allowedOrigins: ['https://*.example.com'], allowedHeaders: ['*'], exposeHeaders: ['ETag'], maxAgeSeconds: 600 });
    expect(parsed[0]?.config.rules[0]).toMatchObject({ allowedHeaders: [], location: { resource: 'aws_s3_bucket.legacy', ruleIndex: 0 } });
    expect(parsed[0]?.config.rules[0]?.maxAgeSeconds).toBeUndefined();
    expect(parsed[1]?.config.rules[0]?.location.line).toBeGreaterThan(10);
  });
});

describe('Terraform state JSON', () => {
  it('reads values.root_module and names a resource without an address by type and index', () => {
    const state = { format_version: '1.0', values: { root_module: { resources: [{ type: 'aws_s3_bucket_cors_configuration', values: { cors_rule: [{ allowed_origins: ['*'], allowed_methods: ['GET'] }] } }, 'junk'] } } };
    expect(parseCorsDocument(JSON.stringify(state), 'state.json').map((configuration) => configuration.name)).toEqual(['aws_s3_bucket_cors_configuration[0]']);
  });
});

describe('hostile and unrecognised input', () => {
  it('accepts 5 MB exactly, counting UTF-8 bytes', () => {
    const padded = (filler: string) => `[{"AllowedOrigins":["${filler}"],"AllowedMethods":["GET"]}]`;
    const base = padded('').length;
    expect(parseCorsDocument(padded('x'.repeat(MAX_DOCUMENT_BYTES - base)), 'a.json')).toHaveLength(1);
    expect(parseError(padded('é'.repeat((MAX_DOCUMENT_BYTES - base) / 2 + 1))).message).toMatch(/^input is larger than/);
  });

  it('rejects input over 5 MB before parsing', () => {
    expect(parseError(`[${' '.repeat(MAX_DOCUMENT_BYTES)}]`).message).toBe('input is larger than 5242880 bytes (5 MB), the most a CORS document may be');
  });

  it.each([
    ['deep JSON', '['.repeat(2_500_000) + ']'.repeat(2_500_000)],
    ['deep JSON object', '{"CORSRules":' + '[{"a":'.repeat(300_000) + '1' + '}]'.repeat(300_000) + '}'],
    ['deep XML', `<CORSConfiguration>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</CORSConfiguration>`],
    ['deep YAML flow', `x: ${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['YAML alias bomb', `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`],
    ['huge string', `{"CORSRules": "${'x'.repeat(4_000_000)}"}`],
  ])('%s ends in a CorsParseError or a result, never a crash or hang', (_name, text) => {
    let outcome: unknown;
    try {
      outcome = parseCorsDocument(text, 'evil');
    } catch (error) {
      expect(error).toBeInstanceOf(CorsParseError);
      expect((error as Error).message).not.toContain('\n');
      outcome = error;
    }
    expect(outcome).toBeDefined();
    // Parse time is measured in bench/, not here: the generous timeout only catches a hang or a quadratic
    // blow-up, which takes minutes on these inputs.
  }, 60_000);

  it.each([
    ['{"CORSRules": [', /^not JSON, XML, YAML or a Terraform plan: /],
    ['just: [a, {b', /^not JSON, XML, YAML or a Terraform plan: line 1: /],
    [' \n', /^the document is empty \(expected/],
    ['hello', /^not JSON, XML, YAML or a Terraform plan: the document is a plain value/],
    ['{"Resources_": {}}', /^no CORS configuration found \(expected a JSON array of CORS rules/],
  ])('says what it expected for %s', (text, message) => {
    expect(parseError(text).message).toMatch(message);
  });
});
