// Every PutBucketCors case of the corpus: accepted or rejected with S3's code and message, through the real parser.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CorsConfiguration, parseCorsDocument, toS3Rules, validateConfiguration } from '../../../lib/cors';

interface PutCase {
  id: string;
  operation: string;
  cors_configuration: unknown;
  expected: {
    accepted?: boolean;
    error_code?: string | null;
    error_message?: string | null;
    error_message_prefix?: string;
    get_bucket_cors?: { CORSRules: unknown[] };
    get_bucket_cors_AllowedHeaders?: string[];
  };
}

const cases = (JSON.parse(readFileSync(new URL('../../fixtures/cors-corpus/put-validation.json', import.meta.url), 'utf8')) as PutCase[]).filter(
  (testCase) => testCase.operation.includes('PutBucketCors'),
);

/** Where the corpus leaves the code [UNK] or only an emulator claims one, the code we chose (see lib/cors/validate.ts). */
const DOCUMENTED_CHOICES: Record<string, string> = {
  'doc-64kb': 'EntityTooLarge',
  'doc-id-255': 'InvalidArgument',
  // moto's unverified MalformedXML; we follow the InvalidRequest of the AWS-targeted suites (spec §1.1).
  'emu-moto-101-rules': 'InvalidRequest',
};

const template = { AllowedOrigins: ['*'], AllowedMethods: ['GET'] };

/** Turns the corpus's described documents ("101 copies of ...", an XML fragment) into real ones. */
function documentOf(testCase: PutCase): string {
  const config = testCase.cors_configuration as Record<string, unknown>;
  if (typeof config.xml === 'string') return config.xml;
  if (typeof config.xml_rule_fragment === 'string') {
    const origins = (config.AllowedOrigins as string[]).map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`).join('');
    const methods = (config.AllowedMethods as string[]).map((method) => `<AllowedMethod>${method}</AllowedMethod>`).join('');
    return `<CORSConfiguration><CORSRule>${origins}${methods}${config.xml_rule_fragment}</CORSRule></CORSConfiguration>`;
  }
  const described = config.CORSRules;
  if (typeof described === 'string') {
    const copies = /^(\d+) (copies|rules)/.exec(described);
    if (copies) return JSON.stringify({ CORSRules: Array.from({ length: Number(copies[1]) }, () => template) });
    if (described.includes('larger than 65536 bytes')) {
      return JSON.stringify({ CORSRules: [{ ...template, AllowedOrigins: Array.from({ length: 3000 }, (_, i) => `https://host-${i}.example.com`) }] });
    }
    throw new Error(`undescribed corpus document: ${described}`);
  }
  return JSON.stringify(config);
}

function configOf(testCase: PutCase): CorsConfiguration {
  const [parsed] = parseCorsDocument(documentOf(testCase), `${testCase.id}.json`);
  if (!parsed) throw new Error('no configuration parsed');
  return parsed.config;
}

describe('put-validation corpus', () => {
  it('covers every PutBucketCors case', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases.map((testCase) => [testCase.id, testCase] as const))('%s', (_id, testCase) => {
    const config = configOf(testCase);
    const issues = validateConfiguration(config);
    const { expected } = testCase;
    if (expected.accepted === true) {
      expect(issues).toEqual([]);
    } else if (expected.accepted === false) {
      const first = issues[0];
      expect(first, 'S3 rejects this configuration').toBeDefined();
      const code = DOCUMENTED_CHOICES[testCase.id] ?? expected.error_code?.split(' ')[0];
      expect(first?.code).toBe(code);
      expect(first?.status).toBe(400);
      if (typeof expected.error_message === 'string') expect(first?.message).toBe(expected.error_message.replace(/ \(secondary\)$/, ''));
      if (expected.error_message_prefix !== undefined) expect(first?.message.startsWith(expected.error_message_prefix)).toBe(true);
    }
    if (expected.get_bucket_cors) expect(toS3Rules(config)).toEqual(expected.get_bucket_cors.CORSRules);
    if (expected.get_bucket_cors_AllowedHeaders) expect(toS3Rules(config)[0]?.AllowedHeaders).toEqual(expected.get_bucket_cors_AllowedHeaders);
  });
});
