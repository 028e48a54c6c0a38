// Starts the estate server in a child process and talks to it over IPC: counts, reset, stop.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EstateReply, EstateRequest } from './estate-child';
import type { EstateServerOptions } from './estate-server';
import { nextReply } from './child-replies';

export interface EstateProcess {
  url: string;
  /** Calls by operation, connections and the server's own CPU seconds since the last reset. */
  counts(): Promise<{ counts: Record<string, number>; connections: number; cpuSeconds: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function forkEstateServer(options: EstateServerOptions): Promise<EstateProcess> {
  // The child inherits execArgv (`--import tsx`), so it runs the TypeScript entry as this process does.
  const child = fork(fileURLToPath(new URL('./estate-child.ts', import.meta.url)), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T extends EstateReply['type']>(type: T) => nextReply<EstateReply, T>(child, 'estate server', type);
  const ask = <T extends EstateReply['type']>(request: EstateRequest, type: T) => {
    const answer = next(type);
    child.send(request);
    return answer;
  };
  const ready = await next('ready').catch((error: unknown) => {
    child.kill();
    throw error;
  });
  return {
    url: ready.url,
    counts: async () => {
      const { counts, connections, cpuSeconds } = await ask({ type: 'counts' }, 'counts');
      return { counts, connections, cpuSeconds };
    },
    reset: async () => void (await ask({ type: 'reset' }, 'reset')),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'stop' });
        // A server that does not stop in time is killed: the benchmark never leaves a process behind.
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
