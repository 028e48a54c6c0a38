// A local Slack incoming-webhook: records every POST (JSON body) and can answer 429 with Retry-After
// for the first N posts, so the notifier's retry path is exercised.
import { serveOnRandomPort, type RunningServer } from './http-server';

/** GET: every post so far (JSON); DELETE: forget them; POST ?count=N&retryAfterSeconds=S: 429 the next N. */
export const CONTROL_PATH = '/__local-aws/posts';

export interface SlackPost {
  path: string;
  receivedAt: string;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** The status the sink answered. */
  status: number;
}

export interface SlackSink {
  /** Webhook URL to store in SSM (path looks like Slack's). */
  webhookUrl: string;
  /** The control URL (see CONTROL_PATH). */
  controlUrl: string;
  /** Every post received, including the ones answered 429. */
  posts: SlackPost[];
  /** Posts that were accepted (200). */
  delivered(): SlackPost[];
  /** Answer the next `count` posts with 429 and `Retry-After: retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds?: number): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startSlackSink(options: { rateLimitFirst?: number; retryAfterSeconds?: number } = {}): Promise<SlackSink> {
  let limited = options.rateLimitFirst ?? 0;
  let retryAfter = options.retryAfterSeconds ?? 1;
  const posts: SlackPost[] = [];
  const server: RunningServer = await serveOnRandomPort((request, body, response) => {
    // Control paths, for test files in other processes than the one that started the sink.
    const url = new URL(request.url ?? '/', 'http://sink.local');
    if (url.pathname === CONTROL_PATH) {
      if (request.method === 'DELETE') posts.splice(0);
      if (request.method === 'POST') {
        limited = Number(url.searchParams.get('count') ?? 0);
        retryAfter = Number(url.searchParams.get('retryAfterSeconds') ?? retryAfter);
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(posts));
      return;
    }
    const text = body.toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text; // Slack also accepts form-encoded payloads; keep what came so tests can see it.
    }
    const status = request.method !== 'POST' ? 405 : limited > 0 ? 429 : 200;
    if (status === 429) limited -= 1;
    posts.push({ path: request.url ?? '/', receivedAt: new Date().toISOString(), body: parsed, status });
    response.writeHead(status, { 'content-type': 'text/plain', ...(status === 429 ? { 'retry-after': String(retryAfter) } : {}) });
    response.end(status === 200 ? 'ok' : status === 429 ? 'rate_limited' : 'invalid_method');
  });
  return {
    webhookUrl: `${server.url}/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`,
    controlUrl: `${server.url}${CONTROL_PATH}`,
    posts,
    delivered: () => posts.filter((post) => post.status === 200),
    rateLimitNext: (count, seconds = retryAfter) => {
      limited = count;
      retryAfter = seconds;
    },
    clear: () => void posts.splice(0),
    close: () => server.close(),
  };
}
