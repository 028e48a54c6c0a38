// Context-aware severity: the rule's base severity moved by what the bucket's exposure makes of the risk.
import type { ExposureKind } from '../rules/define-rule';
import { blockPublicAccessFullyOn, publicRead, publicWrite } from './exposure';
import { EXPOSURE_ADJUSTMENTS } from './scoring-model';
import { SEVERITIES, type BucketExposure, type Severity } from './types';

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
  if (!exposure || kind === 'none') return { severity: base };
  if (kind === 'write') {
    const write = publicWrite(exposure);
    const to = EXPOSURE_ADJUSTMENTS.writeOnPublicWritableBucket.to;
    return write.known === 'yes' && to !== base ? { severity: to, reason: `Raised to ${to}: ${write.why}, so any page can change objects from the visitor's browser.` } : { severity: base };
  }
  const read = publicRead(exposure);
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
