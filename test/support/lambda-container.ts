// What ending a Lambda container means for a process that ran handlers in-process (the demo, tests):
// middy's fetch-cache middlewares (@middy/ssm with cacheExpiry) arm a refresh timer per cached value,
// which a frozen container never fires but which keeps a Node process alive for cacheExpiry.
import { clearCache } from '@middy/util';

export function endLambdaContainer(): void {
  clearCache();
}
