// A plain HTTP server on 127.0.0.1 with an OS-assigned port, whose close() also drops keep-alive sockets
// so stopping the local AWS never waits on (or leaves behind) an idle SDK connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export type RequestHandler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => Promise<void> | void;

/** Caps request bodies: the emulators never need more, and a runaway client must not eat memory. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function serveOnRandomPort(handler: RequestHandler): Promise<RunningServer> {
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => handler(request, body, response))
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`local-aws internal error: ${(error as Error).message}`);
      });
  });
  return listen(server);
}

export async function listen(server: Server): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
