import { describe, expect, it } from 'vitest';
import { artifactUri } from '../../../lib/report/sarif';

describe('artifactUri', () => {
  it.each([
    ['s3://my-bucket', 's3://my-bucket'],
    ['S3://my-bucket/key with space', 's3://my-bucket/key%20with%20space'],
    ['templates/site stack.yaml', 'templates/site%20stack.yaml'],
    ['infra\\cors#1.json', 'infra/cors%231.json'],
    ['C:\\work\\cors.json', 'C%3A/work/cors.json'],
  ])('%s → %s', (file, uri) => {
    expect(artifactUri(file)).toBe(uri);
  });
});
