// fauxqs builds queue URLs as http://sqs.<region>.localhost:<port>/..., and the SQS client sends to a
// QueueUrl's host when it differs from its endpoint: *.localhost does not resolve everywhere. This
// pass-through rewrites those URLs in fauxqs' answers to this proxy's own 127.0.0.1 address;
// fauxqs finds queues by name when a URL carries no region, so requests need no rewriting.
import { request as httpRequest } from 'node:http';
import { serveOnRandomPort, type RunningServer } from './http-server';

const FAUXQS_QUEUE_HOST = /http:\/\/sqs\.[a-z0-9-]+\.localhost:\d+/g;

export async function startFauxqsProxy(upstream: string): Promise<RunningServer> {
  let self = '';
  const server = await serveOnRandomPort((incoming, body, response) =>
    new Promise<void>((resolve, reject) => {
      const { host: _host, 'content-length': _length, 'transfer-encoding': _chunked, ...headers } = incoming.headers;
      const outgoing = httpRequest(`${upstream}${incoming.url ?? '/'}`, { method: incoming.method ?? 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', reject);
        answer.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8').replace(FAUXQS_QUEUE_HOST, self);
          const { 'content-length': _answerLength, 'transfer-encoding': _answerChunked, connection: _connection, ...answerHeaders } = answer.headers;
          response.writeHead(answer.statusCode ?? 500, { ...answerHeaders, 'content-length': String(Buffer.byteLength(text)) });
          response.end(text);
          resolve();
        });
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    }));
  self = server.url;
  return server;
}
