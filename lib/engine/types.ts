// The engine's public data: severities, exposure context, findings and a bucket's assessment.
import type { CorsConfiguration, S3CorsRule, SourceLocation } from '../cors/types';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Each severity's position in SEVERITIES (info 0 … critical 4), for comparisons in hot paths. */
export const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((severity, index) => [severity, index])) as Record<Severity, number>;
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export type RuleCategory = 'origin' | 'method' | 'header' | 'reachability' | 'validity' | 'cache' | 'limits';

export interface PublicAccessBlockFlags {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** ACL permissions as S3 names them (READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL). */
export type AclPermission = 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL';

/**
 * What is known of a bucket's exposure. Every member is optional: undefined means "not known"
 * (not fetched, or unreadable), which the scorer treats differently from "known to be private".
 */
export interface BucketExposure {
  /** null = no PublicAccessBlock configuration at that level (NoSuchPublicAccessBlockConfiguration). */
  bucketPublicAccessBlock?: PublicAccessBlockFlags | null;
  accountPublicAccessBlock?: PublicAccessBlockFlags | null;
  /** GetBucketPolicyStatus.PolicyStatus.IsPublic (false when the bucket has no policy). */
  policyIsPublic?: boolean;
  /** Permissions granted by the bucket ACL to the AllUsers and AuthenticatedUsers groups. */
  aclGrants?: { allUsers: AclPermission[]; authenticatedUsers: AclPermission[] };
  /** Static website hosting is configured (GetBucketWebsite answered 200). */
  websiteHosting?: boolean;
}

export interface Suppression {
  ruleId: string;
  /** Optional scopes; a missing scope matches everything. */
  accountId?: string;
  bucket?: string;
  origin?: string;
  reason: string;
  /** ISO date or date-time; from then on the suppression no longer applies. */
  expiresAt?: string;
  /** Where it was declared: `tag` (bucket tag s3-cors-audit:accept), `config`, or a file path. */
  source: string;
}

export type EvidenceValue = string | number | boolean | readonly string[];

export interface Finding {
  ruleId: string;
  title: string;
  /** Severity after the exposure context was taken into account. */
  severity: Severity;
  /** The rule's own severity, before context. */
  baseSeverity: Severity;
  /** Why severity differs from baseSeverity, in one sentence; absent when equal. */
  severityReason?: string;
  /** Filled message template. Holds attacker-controlled text: every output must escape it. */
  message: string;
  /** Index of the CORS rule the finding is about, or null for configuration-wide findings. */
  ruleIndex: number | null;
  evidence: Record<string, EvidenceValue>;
  location: SourceLocation;
  /** Present when an unexpired suppression accepts this finding. */
  suppression?: Suppression;
}

export interface Assessment {
  /** 0 (worst) to 100 (no findings). */
  score: number;
  grade: Grade;
  /** Active (unsuppressed) findings, most severe first. */
  findings: Finding[];
  /** Findings accepted by a suppression, reported as such. */
  suppressed: Finding[];
  /** Suppressions that matched a finding but have expired (the finding is active again). */
  expiredSuppressions: Suppression[];
}

export interface AssessInput {
  config: CorsConfiguration;
  exposure?: BucketExposure;
  suppressions?: readonly Suppression[];
  target?: { accountId?: string; bucket?: string };
  /** Clock for suppression expiry; defaults to now. */
  now?: Date;
}

export type { S3CorsRule };
