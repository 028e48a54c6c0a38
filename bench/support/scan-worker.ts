// Entry of one scan worker process (see scan-workers.ts): it plays one scan-account Lambda container. Deps are
// built once, as `deps()` does per container; then it scans the accounts the parent hands it, up to `--batch`
// at a time (an SQS batch), under the same settings as the single-process run. It answers with a summary per
// account (what verify() needs), not the outcomes themselves, and with its own CPU and peak memory.
import { loadSettings } from '../../lib/config';
import { createScanDeps } from '../../lib/aws/scan-deps';
import { scanAccount, scanLimitsFrom } from '../../lib/scan';
import { roleArnOf } from './estate';
import { memoryPeak } from './figures';
import { summarise, type AccountSummary } from './scan-summary';

export type WorkerRequest = { type: 'scan'; accountId: string } | { type: 'figures' } | { type: 'stop' };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'scanned'; summary: AccountSummary }
  | { type: 'figures'; cpuSeconds: number; rss: number; heapUsed: number };

const settings = loadSettings();
const deps = createScanDeps(settings);
const limits = scanLimitsFrom(settings);
const reply = (message: WorkerReply) => process.send?.(message);
let memory: ReturnType<typeof memoryPeak> | undefined;
let cpuSince: NodeJS.CpuUsage | undefined;

process.on('message', (message: WorkerRequest) => {
  if (message.type === 'scan') {
    // The clock starts with the first account, not with module loading (a Lambda's init is not the scan's).
    memory ??= memoryPeak();
    cpuSince ??= process.cpuUsage();
    void scanAccount({ accountId: message.accountId, roleArn: roleArnOf(message.accountId) }, deps, { scanId: 'bench-scan', trigger: 'manual', ...limits })
      .then((result) => reply({ type: 'scanned', summary: summarise(result) }));
  }
  if (message.type === 'figures') {
    const cpu = process.cpuUsage(cpuSince);
    const peak = memory?.stop() ?? { rss: 0, heapUsed: 0 };
    reply({ type: 'figures', cpuSeconds: (cpu.user + cpu.system) / 1e6, rss: peak.rss, heapUsed: peak.heapUsed });
  }
  if (message.type === 'stop') {
    deps.close();
    process.exit(0);
  }
});
// An orphaned worker would hold sockets forever: leave as soon as the benchmark does.
process.on('disconnect', () => process.exit(0));
reply({ type: 'ready' });
