// `npm run bench:engine`: configurations assessed per second (single thread) and the slowest single input,
// against a baseline measured in the same run (fromS3Rules alone), so figures compare across machines.
import { availableParallelism, loadavg } from 'node:os';
import { fromS3Rules } from '../lib/cors/serialize';
import type { CorsConfiguration, S3CorsRule } from '../lib/cors/types';
import { assessBucket } from '../lib/engine/assess';
import { random } from './support/seeded-random';

const AIM_CONFIGS_PER_SECOND = 200_000;
const AIM_SLOWEST_MS = 5;

const ORIGINS = ['https://app.example.com', 'https://www.example.com', '*', 'https://*.example.com', 'http://localhost:3000', 'https://admin.example.org', 'https://*.github.io', 'https://example.com*'];
const METHOD_SETS = [['GET'], ['GET', 'HEAD'], ['GET', 'PUT', 'POST'], ['PUT'], ['GET', 'PUT', 'POST', 'DELETE', 'HEAD']];
const HEADER_SETS = [[], ['*'], ['content-type', 'x-amz-meta-*'], ['authorization', 'x-amz-date', 'x-amz-content-sha256']];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function typicalCorpus(count: number, seed = 42): CorsConfiguration[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const rules: S3CorsRule[] = Array.from({ length: 1 + Math.floor(next() * 5) }, () => ({
      // Half the origins are unique to the bucket, so per-pattern memos do not make the figure.
      AllowedOrigins: Array.from({ length: 1 + Math.floor(next() * 3) }, () => (next() < 0.5 ? pick(next, ORIGINS) : `https://app${Math.floor(next() * 1e9)}.example.com`)),
      AllowedMethods: pick(next, METHOD_SETS),
      AllowedHeaders: pick(next, HEADER_SETS),
      ...(next() < 0.5 ? { ExposeHeaders: ['ETag'] } : {}),
      ...(next() < 0.6 ? { MaxAgeSeconds: 3000 } : {}),
    }));
    return fromS3Rules(rules);
  });
}

function worstCases(): { name: string; config: CorsConfiguration }[] {
  const hundredRules = Array.from({ length: 100 }, (_, index) => ({ AllowedOrigins: [`https://*.tenant${index}.example.com`, `https://app${index}.example.com`], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'] }));
  const longOrigins = [{ AllowedOrigins: Array.from({ length: 20 }, (_, index) => `https://${'a'.repeat(3000)}${index}*.example.com`), AllowedMethods: ['GET', 'PUT'] }];
  const sixtyFourKb = [{ AllowedOrigins: Array.from({ length: 1050 }, (_, index) => `http://t${index}.example.com`), AllowedMethods: ['GET', 'PUT', 'DELETE'], AllowedHeaders: ['x-amz-*'] }];
  const shadowChain = Array.from({ length: 100 }, (_, index) => ({ AllowedOrigins: Array.from({ length: 5 }, (__, o) => `https://${'*'.repeat(index % 2)}o${o}.example.com`), AllowedMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'], AllowedHeaders: ['x-amz-*', 'content-type', '*'] }));
  return [
    { name: '100 rules', config: fromS3Rules(hundredRules) },
    { name: 'long origins', config: fromS3Rules(longOrigins) },
    { name: '64 KB', config: fromS3Rules(sixtyFourKb) },
    { name: '100 overlapping rules', config: fromS3Rules(shadowChain) },
  ];
}

/** Runs `work` over the corpus until `minMs` passed; returns items per second. */
function throughput<T>(corpus: readonly T[], work: (item: T) => unknown, minMs = 1500): number {
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const item of corpus) work(item);
    done += corpus.length;
    elapsed = performance.now() - start;
  }
  return (done / elapsed) * 1000;
}

/** Best of five timings of each input (ms). */
function timings(cases: readonly { name: string; config: CorsConfiguration }[]): { name: string; ms: number }[] {
  return cases.map((item) => {
    let best = Infinity;
    for (let round = 0; round < 5; round += 1) {
      const start = performance.now();
      assessBucket({ config: item.config });
      best = Math.min(best, performance.now() - start);
    }
    return { name: item.name, ms: best };
  });
}

function slowest(cases: readonly { name: string; config: CorsConfiguration }[]): { name: string; ms: number } {
  return timings(cases).reduce((worst, item) => (item.ms > worst.ms ? item : worst), { name: '', ms: 0 });
}

const corpus = typicalCorpus(2000);
// The same mix, but with more bucket-unique origins than the per-pattern memos hold, cycled: every unique origin is
// analysed afresh, as in a nightly scan where most buckets name their own origins. The main figure reuses 2 000
// configurations, so after the first pass their unique origins come from the memo.
const coldCorpus = typicalCorpus(12_000, 7);
const rawCorpus = corpus.map((config) => config.rules.map((rule) => ({ AllowedOrigins: rule.allowedOrigins, AllowedMethods: rule.allowedMethods })));
const worst = worstCases();
const assess = (config: CorsConfiguration) => assessBucket({ config });

// Warm-up: let the JIT settle before anything is timed.
throughput(corpus, assess, 500);
throughput(rawCorpus, (rules) => fromS3Rules(rules), 300);
slowest(worst);

// Rounds alternate between the three figures and each keeps its best: a neighbour's burst on a shared machine then
// lowers one round, not a whole figure, and the ratio to the baseline compares like with like.
const ROUNDS = 5;
let assessed = 0;
let cold = 0;
let baseline = 0;
for (let round = 0; round < ROUNDS; round += 1) {
  assessed = Math.max(assessed, throughput(corpus, assess, 400));
  cold = Math.max(cold, throughput(coldCorpus, assess, 400));
  baseline = Math.max(baseline, throughput(rawCorpus, (rules) => fromS3Rules(rules), 400));
}
const worstTimes = timings(worst);
const slow = slowest([...worst, ...corpus.slice(0, 200).map((config, index) => ({ name: `typical #${index}`, config }))]);

const mark = (ok: boolean) => (ok ? 'meets aim' : 'BELOW AIM');
process.stdout.write(
  [
    `engine benchmark (single thread, best of ${ROUNDS} alternating rounds; ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}: figures drop on a shared machine)`,
    `  typical configs assessed/s: ${Math.round(assessed).toLocaleString('en')}  (aim ≥ ${AIM_CONFIGS_PER_SECOND.toLocaleString('en')}: ${mark(assessed >= AIM_CONFIGS_PER_SECOND)})`,
    `  same mix, unique origins never seen before/s: ${Math.round(cold).toLocaleString('en')}  (per-pattern memos cold; aim ≥ ${AIM_CONFIGS_PER_SECOND.toLocaleString('en')}: ${mark(cold >= AIM_CONFIGS_PER_SECOND)})`,
    `  baseline fromS3Rules only/s: ${Math.round(baseline).toLocaleString('en')}  (assess costs ${(baseline / assessed).toFixed(1)}× the baseline)`,
    `  slowest single input: ${slow.ms.toFixed(2)} ms (${slow.name})  (aim ≤ ${AIM_SLOWEST_MS} ms: ${mark(slow.ms <= AIM_SLOWEST_MS)})`,
    `  hostile inputs: ${worstTimes.map((item) => `${item.name} ${item.ms.toFixed(2)} ms`).join(', ')}`,
    '',
  ].join('\n'),
);
