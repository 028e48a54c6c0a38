// Context-aware severity: the rule's base severity moved by what the bucket's exposure makes of the risk.
import type { ExposureKind } from '../rules/define-rule';
import { blockPublicAccessFullyOn, publicRead, publicWrite, type Knowledge } from './exposure';
import { EXPOSURE_ADJUSTMENTS } from './scoring-model';
import { SEVERITIES, SEVERITY_RANK, type BucketExposure, type Severity } from './types';

/**
 * publicRead, except that static website hosting does not make objects public while RestrictPublicBuckets is on at
 * bucket or account level: website endpoints serve anonymous requests only, and RestrictPublicBuckets refuses
 * anonymous access granted by a public policy. A public ACL still counts (publicRead weighs IgnorePublicAcls).
 * Known flags only: a level whose flags are not known never turns website hosting off.
 */
function publicReadOf(exposure: BucketExposure): { known: Knowledge; why: string } {
  if (exposure.websiteHosting !== true || !restrictPublicBucketsOn(exposure)) return publicRead(exposure);
  return publicRead({ ...exposure, websiteHosting: false });
}

function restrictPublicBucketsOn(exposure: BucketExposure): boolean {
  return exposure.bucketPublicAccessBlock?.restrictPublicBuckets === true || exposure.accountPublicAccessBlock?.restrictPublicBuckets === true;
}

export interface ContextualSeverity {
  severity: Severity;
  reason?: string;
}

export function stepSeverity(severity: Severity, steps: number): Severity {
  const index = Math.min(SEVERITIES.length - 1, Math.max(0, SEVERITIES.indexOf(severity) + steps));
  return SEVERITIES[index] as Severity;
}

/** Unknown exposure leaves the base severity: "not known" is never treated as "private". */
export function contextualSeverity(base: Severity, kind: ExposureKind, exposure: BucketExposure | undefined): ContextualSeverity {
  return { ...new SeverityContext(exposure).of(base, kind) };
}

/** The base severity unchanged, one shared answer per severity (read only: findings copy the fields they need). */
const UNCHANGED: readonly ContextualSeverity[] = SEVERITIES.map((severity) => ({ severity }));
const KIND_SLOT: Readonly<Record<ExposureKind, number>> = { none: 0, read: 1, write: 2 };

/**
 * contextualSeverity for one bucket: the exposure is read at most once per question (public read, public write,
 * Block Public Access) and each (base severity, exposure kind) is answered once, however many rules ask.
 */
export class SeverityContext {
  private read: { known: Knowledge; why: string } | undefined;
  private write: { known: Knowledge; why: string } | undefined;
  private answers: (ContextualSeverity | undefined)[] | undefined;

  constructor(private readonly exposure: BucketExposure | undefined) {}

  of(base: Severity, kind: ExposureKind): ContextualSeverity {
    const rank = SEVERITY_RANK[base];
    if (!this.exposure || kind === 'none') return UNCHANGED[rank] as ContextualSeverity;
    this.answers ??= [];
    const slot = KIND_SLOT[kind] * SEVERITIES.length + rank;
    let answer = this.answers[slot];
    if (!answer) {
      answer = this.adjusted(this.exposure, base, kind);
      this.answers[slot] = answer;
    }
    return answer;
  }

  private adjusted(exposure: BucketExposure, base: Severity, kind: 'read' | 'write'): ContextualSeverity {
    if (kind === 'write') {
      const write = (this.write ??= publicWrite(exposure));
      const to = EXPOSURE_ADJUSTMENTS.writeOnPublicWritableBucket.to;
      // True of every write finding, whatever its origins: they may be the owner's own pages, not any page. The
      // raise is for the combination (the bucket is open to writes, and CORS adds writes from browsers).
      return write.known === 'yes' && to !== base
        ? { severity: to, reason: `Raised to ${to}: ${write.why}, so others can already write to the bucket directly, and the CORS configuration reported here also lets cross-origin pages write to it.` }
        : { severity: base };
    }
    const read = (this.read ??= publicReadOf(exposure));
    if (read.known === 'yes') {
      const to = EXPOSURE_ADJUSTMENTS.readOnPublicBucket.to;
      return to === base ? { severity: base } : { severity: to, reason: `Lowered to ${to}: ${read.why}, so cross-origin reads reveal nothing that is not already public.` };
    }
    if (blockPublicAccessFullyOn(exposure)) {
      const lowered = stepSeverity(base, EXPOSURE_ADJUSTMENTS.readWithBlockPublicAccess.steps);
      if (lowered !== base) return { severity: lowered, reason: `Lowered to ${lowered}: Block Public Access is fully on, so only requests carrying the visitor's own access reach objects.` };
    }
    return { severity: base };
  }
}
