// What changes between the demo's two scans (`npm start -- --changes`): one bucket gets worse, one is
// fixed, one new bucket appears. The second scan must report exactly these as new/worsened/resolved.
import type { DemoBucket } from './organization';

export type DemoChange =
  | { kind: 'put-cors'; accountId: string; bucket: string; region: string; cors: NonNullable<DemoBucket['cors']>; description: string }
  | { kind: 'delete-cors'; accountId: string; bucket: string; region: string; description: string }
  | { kind: 'create-bucket'; accountId: string; bucket: DemoBucket; description: string };

export const DEMO_CHANGES: DemoChange[] = [
  {
    kind: 'put-cors',
    accountId: '333333333333',
    bucket: 'pay-receipts-eu',
    region: 'eu-west-1',
    cors: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'DELETE'], AllowedHeaders: ['*'] }],
    description: 'pay-receipts-eu: a hot-fix replaced the exact origin with * and added PUT/DELETE (worse)',
  },
  {
    kind: 'delete-cors',
    accountId: '222222222222',
    bucket: 'mkt-tutorial-copy-paste',
    region: 'us-east-1',
    description: 'mkt-tutorial-copy-paste: the tutorial CORS was removed (fixed)',
  },
  {
    kind: 'create-bucket',
    accountId: '444444444444',
    bucket: {
      name: 'dp-upload-staging-apse2',
      region: 'ap-southeast-2',
      cors: [{ AllowedOrigins: ['https://*example.com'], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] }],
      why: 'new bucket with a suffix bypass on uploads',
    },
    description: 'dp-upload-staging-apse2: new bucket accepting uploads from https://*example.com (new)',
  },
];
