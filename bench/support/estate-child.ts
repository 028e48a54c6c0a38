// Entry of the estate server's own process (see estate-process.ts): the server gets its own core, so the
// scanner's CPU and memory figures are the scanner's alone. It exits with its parent.
import { startEstateServer, type EstateServerOptions } from './estate-server';

export type EstateRequest = { type: 'counts' } | { type: 'reset' } | { type: 'stop' };
export type EstateReply = { type: 'ready'; url: string } | { type: 'counts'; counts: Record<string, number>; connections: number; cpuSeconds: number } | { type: 'reset' };

const options = JSON.parse(process.argv[2] ?? '{}') as EstateServerOptions;
const server = await startEstateServer(options);
let cpuSince = process.cpuUsage();
const cpuSeconds = () => {
  const used = process.cpuUsage(cpuSince);
  return (used.user + used.system) / 1e6;
};
const reply = (message: EstateReply) => process.send?.(message);

process.on('message', (message: EstateRequest) => {
  if (message.type === 'counts') reply({ type: 'counts', counts: server.counts(), connections: server.connections(), cpuSeconds: cpuSeconds() });
  if (message.type === 'reset') {
    server.reset();
    cpuSince = process.cpuUsage();
    reply({ type: 'reset' });
  }
  if (message.type === 'stop') void server.close().finally(() => process.exit(0));
});
// An orphaned server would hold its port forever: leave as soon as the benchmark does.
process.on('disconnect', () => process.exit(0));
reply({ type: 'ready', url: server.url });
