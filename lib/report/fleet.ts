// The fleet view (issue 5, "Change detection"): which CORS configurations recur across buckets, and which
// buckets drifted from the configuration most of their peers share. Pure code over the latest bucket states.
//
// Which buckets count: only those whose configuration is known now: `evaluated` with a configHash (that
// configuration) and `no-cors` (no configuration). `unknown` buckets (their stored hash is the last one
// read, maybe stale) and `gone` buckets are left out: an unreadable bucket is never called drifted or in line.
//
// Peers (drift): buckets of the same name family, across accounts. The family is the lowercased bucket
// name with region codes (eu-west-1) replaced by `{region}`, environment tokens (prod, staging, dev, test,
// qa, ...) by `{env}` and digit runs (account ids, dates, shard numbers) by `{n}`: `acme-prod-logs-eu-west-1`
// and `acme-dev-logs-us-east-1` are peers. A family needs at least 3 members with a known configuration;
// its expected configuration is the one (a configHash, or none) a strict majority holds. Every member
// holding anything else drifted. Families without a strict majority have no expected configuration.
// Both views sort once and group with maps: O(n log n) for an estate of any size.
import { scoreOf } from '../engine/score';
import type { Grade } from '../engine/types';
import { truncateText } from './escape';
import type { BucketState } from './model';

/** Bounds on what one entry carries: it may be shown, stored or sent, and origins are attacker-controlled. */
export const FLEET_BOUNDS = { sampleBuckets: 20, ruleIds: 50, previewValues: 10, previewValue: 200, familyName: 200 } as const;
const DEFAULT_MIN_BUCKETS = 2;
const DEFAULT_MIN_FAMILY_SIZE = 3;

export interface FleetBucketRef {
  accountId: string;
  bucket: string;
}

/** A short, bounded look at a configuration: its first rule's origins and methods (raw text, escape on output). */
export interface ConfigPreview {
  ruleCount: number;
  origins: string[];
  methods: string[];
  /** Origins of the first rule not shown. */
  moreOrigins: number;
}

export interface RecurringConfiguration {
  configHash: string;
  bucketCount: number;
  accountCount: number;
  /** The first FLEET_BOUNDS.sampleBuckets members, by account then bucket name. */
  buckets: FleetBucketRef[];
  /** Lowest score among its buckets (undefined when none is scored) and that bucket's grade. */
  worstScore?: number;
  worstGrade?: Grade;
  /** Rules whose findings this configuration yields on any of its buckets (resolved ones excluded), sorted. */
  ruleIds: string[];
  /** Undefined when every member's stored rules were dropped for size. */
  preview?: ConfigPreview;
}

export interface RecurringOptions {
  /** Only configurations shared by at least this many buckets (default 2). */
  minBuckets?: number;
  /** At most this many configurations, the most widespread first (default: all). */
  limit?: number;
}

export interface DriftedBucket {
  accountId: string;
  bucket: string;
  region?: string;
  family: string;
  /** The configuration the family's strict majority holds (null: the majority has no CORS). */
  expectedConfigHash: string | null;
  /** What this bucket holds (null: no CORS). */
  actualConfigHash: string | null;
  /** Members holding the expected configuration. */
  peers: number;
  /** Members whose configuration is known (this bucket included). */
  familySize: number;
  /**
   * This bucket's score minus the majority's median score; negative when the bucket is worse than its
   * peers. A bucket without CORS scores as if it had no finding. Null when a side has no score.
   */
  scoreDelta: number | null;
}

export interface DriftOptions {
  /** Families smaller than this have no majority worth trusting (default 3). */
  minFamilySize?: number;
  limit?: number;
}

/** A bucket whose configuration is known now, with that configuration (null: no CORS). */
interface KnownBucket {
  state: BucketState;
  config: string | null;
}

function knownConfiguration(state: BucketState): KnownBucket | undefined {
  if (state.status === 'evaluated' && state.configHash !== undefined) return { state, config: state.configHash };
  if (state.status === 'no-cors') return { state, config: null };
  return undefined;
}

const byAccountThenBucket = (a: BucketState, b: BucketState) => compareText(a.accountId, b.accountId) || compareText(a.bucket, b.bucket);

/** Code-unit order: deterministic whatever the locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Scored first, lowest (worst) first. */
function compareScores(a: number | null | undefined, b: number | null | undefined): number {
  if (typeof a !== 'number' || typeof b !== 'number') return (typeof a === 'number' ? 0 : 1) - (typeof b === 'number' ? 0 : 1);
  return a - b;
}

function group<K, T>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const members = groups.get(key);
    if (members) members.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function knownBuckets(buckets: readonly BucketState[]): KnownBucket[] {
  return buckets.flatMap((state) => knownConfiguration(state) ?? []);
}

/** CORS configurations held by several buckets, the most widespread first, then the worst scored. */
export function recurringConfigurations(buckets: readonly BucketState[], options: RecurringOptions = {}): RecurringConfiguration[] {
  const minBuckets = Math.max(1, options.minBuckets ?? DEFAULT_MIN_BUCKETS);
  const withCors = knownBuckets([...buckets].sort(byAccountThenBucket)).filter((known): known is KnownBucket & { config: string } => known.config !== null);
  const recurring = [...group(withCors, (known) => known.config)]
    .filter(([, members]) => members.length >= minBuckets)
    .map(([configHash, members]) => summariseConfiguration(configHash, members.map((member) => member.state)))
    .sort((a, b) => b.bucketCount - a.bucketCount || compareScores(a.worstScore, b.worstScore) || compareText(a.configHash, b.configHash));
  return options.limit === undefined ? recurring : recurring.slice(0, Math.max(0, options.limit));
}

function summariseConfiguration(configHash: string, members: readonly BucketState[]): RecurringConfiguration {
  const worst = members.reduce<BucketState | undefined>((found, state) => (compareScores(state.score, found?.score) < 0 ? state : found), undefined);
  const ruleIds = new Set(members.flatMap((state) => state.findings.filter((finding) => finding.change !== 'resolved').map((finding) => finding.ruleId)));
  const withRules = members.find((state) => state.corsRules !== undefined);
  return {
    configHash,
    bucketCount: members.length,
    accountCount: new Set(members.map((state) => state.accountId)).size,
    buckets: members.slice(0, FLEET_BOUNDS.sampleBuckets).map((state) => ({ accountId: state.accountId, bucket: state.bucket })),
    ...(worst?.score !== undefined ? { worstScore: worst.score } : {}),
    ...(worst?.grade !== undefined ? { worstGrade: worst.grade } : {}),
    ruleIds: [...ruleIds].sort(compareText).slice(0, FLEET_BOUNDS.ruleIds).map((id) => truncateText(id, FLEET_BOUNDS.previewValue)),
    ...(withRules?.corsRules ? { preview: previewOf(withRules.corsRules) } : {}),
  };
}

function previewOf(rules: NonNullable<BucketState['corsRules']>): ConfigPreview {
  const first = rules[0];
  const bounded = (values: readonly string[] | undefined) => (values ?? []).slice(0, FLEET_BOUNDS.previewValues).map((value) => truncateText(value, FLEET_BOUNDS.previewValue));
  const origins = first?.AllowedOrigins ?? [];
  return { ruleCount: rules.length, origins: bounded(origins), methods: bounded(first?.AllowedMethods), moreOrigins: Math.max(0, origins.length - FLEET_BOUNDS.previewValues) };
}

// Region codes (aws partitions included) and environment words, as whole tokens between `-`, `.` or the ends.
const REGION = /(?<![a-z0-9])(?:us-gov|us-iso|us-isob|eu-isoe|us-isof|us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d+(?![a-z0-9])/g;
const ENVIRONMENT = /(?<![a-z0-9])(?:prod|production|prd|preprod|staging|stage|stg|dev|develop|development|test|testing|qa|uat|sandbox|sbx)(?![a-z0-9])/g;
const DIGITS = /\d+/g;

/** The name family of a bucket: its name with region codes, environment tokens and digit runs normalised (unbounded: a grouping key). */
export function bucketFamily(bucket: string): string {
  return bucket.toLowerCase().replace(REGION, '{region}').replace(ENVIRONMENT, '{env}').replace(DIGITS, '{n}');
}

/** Buckets whose configuration differs from the one a strict majority of their name family holds. */
export function driftedBuckets(buckets: readonly BucketState[], options: DriftOptions = {}): DriftedBucket[] {
  const minFamilySize = Math.max(DEFAULT_MIN_FAMILY_SIZE, options.minFamilySize ?? DEFAULT_MIN_FAMILY_SIZE);
  // No pre-sort: a strict majority is unique whatever the order, and the result is sorted in full below.
  const families = group(knownBuckets(buckets), (known) => bucketFamily(known.state.bucket));
  const drifted = [...families]
    .filter(([, members]) => members.length >= minFamilySize)
    .flatMap(([family, members]) => familyDrift(family, members))
    .sort((a, b) => compareScores(a.scoreDelta, b.scoreDelta) || compareText(a.family, b.family) || compareText(a.accountId, b.accountId) || compareText(a.bucket, b.bucket));
  return options.limit === undefined ? drifted : drifted.slice(0, Math.max(0, options.limit));
}

function familyDrift(family: string, members: readonly KnownBucket[]): DriftedBucket[] {
  const holders = group(members, (known) => known.config);
  const [expectedConfigHash, majority] = [...holders].find(([, holding]) => holding.length * 2 > members.length) ?? [];
  if (expectedConfigHash === undefined || majority === undefined) return [];
  const expectedScore = medianScore(majority);
  return members
    .filter((known) => known.config !== expectedConfigHash)
    .map(({ state, config }) => {
      const score = effectiveScore({ state, config });
      return {
        accountId: state.accountId,
        bucket: state.bucket,
        ...(state.region !== undefined ? { region: state.region } : {}),
        family: truncateText(family, FLEET_BOUNDS.familyName),
        expectedConfigHash,
        actualConfigHash: config,
        peers: majority.length,
        familySize: members.length,
        scoreDelta: score === undefined || expectedScore === undefined ? null : score - expectedScore,
      };
    });
}

/** A bucket without CORS has no CORS finding, so it scores what an empty set of findings scores. */
function effectiveScore(known: KnownBucket): number | undefined {
  return known.config === null ? scoreOf([]) : known.state.score;
}

/** Lower median: members of one configuration can score differently (exposure changes severities). */
function medianScore(members: readonly KnownBucket[]): number | undefined {
  const scores = members.flatMap((known) => effectiveScore(known) ?? []).sort((a, b) => a - b);
  return scores[Math.floor((scores.length - 1) / 2)];
}
