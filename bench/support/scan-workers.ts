// The production shape in miniature: `workers` processes, each one scan-account Lambda container with its own
// CPU, pull accounts from one queue and keep up to `batch` of them in flight (serverless.yml's SQS batch size).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerReply, WorkerRequest } from './scan-worker';
import type { AccountSummary } from './scan-summary';
import { nextReply } from './child-replies';

export interface WorkerRun {
  summaries: AccountSummary[];
  seconds: number;
  /** Each worker's CPU seconds and peak memory over its scan. */
  workers: Array<{ cpuSeconds: number; rss: number; heapUsed: number }>;
}

export async function scanInWorkers(accountIds: readonly string[], workers: number, batch: number): Promise<WorkerRun> {
  // Children inherit execArgv (`--import tsx`) and the environment (the estate's endpoints).
  const entry = fileURLToPath(new URL('./scan-worker.ts', import.meta.url));
  const children = Array.from({ length: workers }, () => fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  try {
    await Promise.all(children.map((child) => next(child, 'ready')));
    const queue = [...accountIds];
    const summaries: AccountSummary[] = [];
    const started = performance.now();
    await Promise.all(children.map(async (child) => {
      // One worker's `batch` lanes: each takes the next account from the shared queue when its last one is done.
      await Promise.all(Array.from({ length: batch }, async () => {
        for (let accountId = queue.shift(); accountId !== undefined; accountId = queue.shift()) {
          const answer = next(child, 'scanned', (reply) => reply.summary.accountId === accountId);
          send(child, { type: 'scan', accountId });
          summaries.push((await answer).summary);
        }
      }));
    }));
    const seconds = (performance.now() - started) / 1000;
    const figures = await Promise.all(children.map((child) => {
      const answer = next(child, 'figures');
      send(child, { type: 'figures' });
      return answer;
    }));
    return { summaries, seconds, workers: figures.map(({ cpuSeconds, rss, heapUsed }) => ({ cpuSeconds, rss, heapUsed })) };
  } finally {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) send(child, { type: 'stop' });
        // A worker that does not stop in time is killed: the benchmark never leaves a process behind.
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }
    }
  }
}

function send(child: ChildProcess, request: WorkerRequest): void {
  child.send(request);
}

function next<T extends WorkerReply['type']>(child: ChildProcess, type: T, wanted?: (reply: Extract<WorkerReply, { type: T }>) => boolean): Promise<Extract<WorkerReply, { type: T }>> {
  return nextReply<WorkerReply, T>(child, 'scan worker', type, wanted);
}
