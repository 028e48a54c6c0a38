// `npm run bench:scan`: the real scanner (lib/scan scanAccount over the lib/aws adapters and SDK clients)
// against an in-memory S3/STS in its own process that answers every call after an injected latency.
// Prints buckets/s, API calls, peak memory, the ratio to the concurrency bound and the speed-up over a
// naive sequential loop measured in the same run. Flags: --accounts --buckets --latency-ms --cors-share
// --baseline-buckets --workers --batch. Concurrency comes from the usual settings (CONCURRENCY_TOTAL,
// CONCURRENCY_PER_ACCOUNT). The primary figure is one process scanning every account; a second figure
// (--workers, default the machine's cores; 0 skips it) spreads the accounts over worker processes, each one
// scan-account Lambda with `--batch` accounts in flight, as production does.
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { GetBucketCorsCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { loadSettings, type Settings } from '../lib/config';
import { createScanDeps, type RealScanDeps } from '../lib/aws/scan-deps';
import { scanAccount, scanLimitsFrom } from '../lib/scan';
import type { AccountScanResult, AccountTarget } from '../lib/scan/types';
import { accountIdOf, roleArnOf, type EstateShape } from './support/estate';
import { forkEstateServer, type EstateProcess } from './support/estate-process';
import { mark, memoryPeak, numberFlag, ratio, runBenchmark } from './support/figures';
import { summarise, verify, type AccountSummary } from './support/scan-summary';
import { scanInWorkers } from './support/scan-workers';

const AIM_RATIO_OF_BOUND = 0.8;
const AIM_SPEEDUP = 20;

function readFlags() {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '10' },
      buckets: { type: 'string', default: '10000' },
      'latency-ms': { type: 'string', default: '20' },
      'cors-share': { type: 'string', default: '0.15' },
      'baseline-buckets': { type: 'string', default: '150' },
      workers: { type: 'string', default: String(availableParallelism()) },
      // serverless.yml's scanAccountBatchSize: accounts one scan-account invocation scans at once.
      batch: { type: 'string', default: '2' },
    },
  });
  const shape: EstateShape = {
    accounts: numberFlag('accounts', values.accounts, 1, 10_000),
    buckets: numberFlag('buckets', values.buckets, 1, 10_000_000),
    corsShare: numberFlag('cors-share', values['cors-share'], 0, 1),
    seed: 6,
  };
  return {
    shape,
    latencyMs: numberFlag('latency-ms', values['latency-ms'], 0, 10_000),
    baselineBuckets: numberFlag('baseline-buckets', values['baseline-buckets'], 1, 100_000),
    workers: numberFlag('workers', values.workers, 0, 64),
    batch: numberFlag('batch', values.batch, 1, 10),
  };
}

/** The loop most scripts write: one client, list, then GetBucketCors bucket after bucket, for `limit` buckets. */
async function naiveLoop(s3: S3Client, limit: number): Promise<number> {
  let seen = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }));
    for (const bucket of page.Buckets ?? []) {
      if (seen >= limit) break;
      try {
        await s3.send(new GetBucketCorsCommand({ Bucket: bucket.Name }));
      } catch (error) {
        if ((error as Error).name !== 'NoSuchCORSConfiguration') throw error;
      }
      seen += 1;
    }
    token = page.ContinuationToken;
  } while (token && seen < limit);
  return seen;
}

/** The naive loop's rate in buckets/s, timed after a short untimed warm-up so the SDK's first-call cost is not counted against it. */
async function naiveBaseline(region: string, accountId: string, limit: number): Promise<{ buckets: number; perSecond: number }> {
  const s3 = new S3Client({ region, forcePathStyle: true, credentials: { accessKeyId: `ASIA${accountId}BNCH`, secretAccessKey: 'bench' } });
  try {
    await naiveLoop(s3, 10);
    const started = performance.now();
    const buckets = await naiveLoop(s3, limit);
    return { buckets, perSecond: buckets / ((performance.now() - started) / 1000) };
  } finally {
    s3.destroy();
  }
}

async function scanEstate(shape: EstateShape, settings: Settings, deps: RealScanDeps): Promise<AccountScanResult[]> {
  const limits = scanLimitsFrom(settings);
  const targets: AccountTarget[] = Array.from({ length: shape.accounts }, (_, index) => ({ accountId: accountIdOf(index), roleArn: roleArnOf(accountIdOf(index)) }));
  // Every account at once: the shared CONCURRENCY_TOTAL limiter is what bounds the calls, as in a container.
  return Promise.all(targets.map((target) => scanAccount(target, deps, { scanId: 'bench-scan', trigger: 'manual', ...limits })));
}

interface RunFigures {
  seconds: number;
  summaries: AccountSummary[];
  counts: Record<string, number>;
  connections: number;
  serverCpuSeconds: number;
  slots: number;
  /** Scanner CPU seconds, per process. */
  cpuSeconds: number[];
  memory: Array<{ rss: number; heapUsed: number }>;
}

/** One run's figures, as printed lines, and whether every bucket ended right. */
function describeRun(shape: EstateShape, latencyMs: number, baselinePerSecond: number, run: RunFigures): { lines: string[]; problems: string[] } {
  const { seconds, counts } = run;
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const buckets = run.summaries.reduce((sum, summary) => sum + summary.buckets, 0);
  const evaluated = run.summaries.reduce((sum, summary) => sum + summary.evaluated, 0);
  // A slot's sequential round trips: each listing page, each GetBucketCors, and for a configured bucket one
  // more (its exposure, tag and account block calls go out together). The bound is concurrency / latency of those.
  const roundTrips = (counts.ListBuckets ?? 0) + (counts.GetBucketCors ?? 0) + evaluated;
  const bound = latencyMs > 0 ? run.slots / (latencyMs / 1000) : Infinity;
  const achieved = roundTrips / seconds;
  const bucketsPerSecond = buckets / seconds;
  const speedUp = bucketsPerSecond / baselinePerSecond;
  const cpuSeconds = run.cpuSeconds.reduce((sum, value) => sum + value, 0);
  const processes = run.cpuSeconds.length;
  const byOperation = Object.entries(counts).sort(([, a], [, b]) => b - a).map(([operation, count]) => `${operation} ${count.toLocaleString('en')}`).join(', ');
  const perProcess = processes > 1 ? ` (${run.cpuSeconds.map((value) => ratio(value / seconds)).join(' + ')})` : '';
  const largest = run.memory.reduce((most, peak) => (peak.rss > most.rss ? peak : most), { rss: 0, heapUsed: 0 });
  return {
    problems: verify(shape, run.summaries),
    lines: [
      `  scanned in ${seconds.toFixed(2)} s: ${Math.round(bucketsPerSecond).toLocaleString('en')} buckets/s`,
      `  API calls: ${total.toLocaleString('en')} (${(total / buckets).toFixed(2)} per bucket; ${Math.round(total / seconds).toLocaleString('en')}/s; over ${run.connections} connections) — ${byOperation}`,
      `  peak memory${processes > 1 ? ' (largest process)' : ''}: RSS ${mb(largest.rss)}, heap used ${mb(largest.heapUsed)}`,
      // When the scanner's own CPU is the limit, the latency bound cannot be reached: say so with the figure.
      `  scanner CPU: ${cpuSeconds.toFixed(1)} s in ${seconds.toFixed(1)} s (${ratio(cpuSeconds / seconds)} of one core${perProcess}), ${((cpuSeconds * 1000) / total).toFixed(2)} ms per API call; estate server ${ratio(run.serverCpuSeconds / seconds)} of one core`,
      `  bound: ${run.slots} slots / ${latencyMs} ms = ${Math.round(bound).toLocaleString('en')} round trips/s; achieved ${Math.round(achieved).toLocaleString('en')}/s = ${ratio(achieved / bound)} (aim ≥ ${ratio(AIM_RATIO_OF_BOUND)}: ${mark(achieved / bound >= AIM_RATIO_OF_BOUND)})`,
      // What fully used cores would allow at this CPU cost per round trip: tells a CPU limit from a latency one.
      `  CPU ceiling: at 100 % of ${processes === 1 ? 'one core' : `${processes} cores`} the scan would do ${Math.round((roundTrips / cpuSeconds) * processes).toLocaleString('en')} round trips/s = ${ratio(((roundTrips / cpuSeconds) * processes) / bound)} of the bound`,
      `  speed-up over the baseline: ${speedUp.toFixed(1)}× (aim > ${AIM_SPEEDUP}×: ${mark(speedUp > AIM_SPEEDUP)})`,
    ],
  };
}

async function main(): Promise<number> {
  const { shape, latencyMs, baselineBuckets, workers, batch } = readFlags();
  let estate: EstateProcess | undefined;
  let deps: RealScanDeps | undefined;
  try {
    estate = await forkEstateServer({ ...shape, latencyMs });
    // The SDK reads these itself (lib/aws/clients.ts): the scanner does not know the estate is local.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: estate.url,
      AWS_ENDPOINT_URL_S3_CONTROL: estate.url,
      AWS_ENDPOINT_URL_STS: estate.url,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'AKIA000000000000BNCH',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    delete process.env.AWS_PROFILE;
    const settings = loadSettings();
    const concurrency = Math.min(settings.CONCURRENCY_TOTAL, shape.accounts * settings.CONCURRENCY_PER_ACCOUNT);

    const baseline = await naiveBaseline(settings.AWS_REGION, accountIdOf(0), baselineBuckets);
    await estate.reset();

    deps = createScanDeps(settings);
    const memory = memoryPeak();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const results = await scanEstate(shape, settings, deps);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const peak = memory.stop();
    const single = await estate.counts();
    const primary = describeRun(shape, latencyMs, baseline.perSecond, {
      seconds,
      summaries: results.map(summarise),
      counts: single.counts,
      connections: single.connections,
      serverCpuSeconds: single.cpuSeconds,
      slots: concurrency,
      cpuSeconds: [(cpu.user + cpu.system) / 1e6],
      memory: [peak],
    });
    const buckets = results.reduce((sum, result) => sum + result.buckets.length, 0);
    const evaluated = results.reduce((sum, result) => sum + result.buckets.filter((outcome) => outcome.status === 'evaluated').length, 0);
    deps.close();
    deps = undefined;

    const lines = [
      `scan benchmark (${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}; estate server in its own process)`,
      `  estate: ${shape.accounts} accounts, ${buckets.toLocaleString('en')} buckets, ${evaluated.toLocaleString('en')} with CORS (${((evaluated / buckets) * 100).toFixed(1)} %), ${latencyMs} ms per call`,
      `  naive sequential baseline: ${baseline.perSecond.toFixed(1)} buckets/s over ${baseline.buckets} buckets (ListBuckets + GetBucketCors only) → ${(buckets / baseline.perSecond / 60).toFixed(1)} min for this estate`,
      `one process, every account at once (primary figure): CONCURRENCY_TOTAL ${settings.CONCURRENCY_TOTAL}, CONCURRENCY_PER_ACCOUNT ${settings.CONCURRENCY_PER_ACCOUNT} → ${concurrency} slots`,
      ...primary.lines,
    ];
    const problems = primary.problems.map((problem) => `one process: ${problem}`);

    if (workers > 0) {
      await estate.reset();
      // A scan-account invocation scans its SQS batch at once under the container's CONCURRENCY_TOTAL.
      const perWorker = Math.min(settings.CONCURRENCY_TOTAL, Math.min(batch, shape.accounts) * settings.CONCURRENCY_PER_ACCOUNT);
      const run = await scanInWorkers(Array.from({ length: shape.accounts }, (_, index) => accountIdOf(index)), workers, batch);
      const spread = await estate.counts();
      const figures = describeRun(shape, latencyMs, baseline.perSecond, {
        seconds: run.seconds,
        summaries: run.summaries,
        counts: spread.counts,
        connections: spread.connections,
        serverCpuSeconds: spread.cpuSeconds,
        slots: workers * perWorker,
        cpuSeconds: run.workers.map((worker) => worker.cpuSeconds),
        memory: run.workers,
      });
      lines.push(
        `${workers} worker processes, one scan-account Lambda each (production shape): ${Math.min(batch, shape.accounts)} accounts in flight per worker → ${perWorker} slots each, ${workers * perWorker} in all`,
        ...figures.lines,
      );
      problems.push(...figures.problems.map((problem) => `workers: ${problem}`));
    }
    lines.push(...(problems.length > 0 ? ['SCAN WRONG:', ...problems.slice(0, 10).map((problem) => `  ${problem}`)] : ['every bucket ended as the estate implies (evaluated or no-cors), in every run']), '');
    process.stdout.write(lines.join('\n'));
    return problems.length > 0 ? 1 : 0;
  } finally {
    deps?.close();
    await estate?.stop();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

runBenchmark('bench:scan', main);
