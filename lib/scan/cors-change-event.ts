// Reads a CloudTrail PutBucketCors / DeleteBucketCors event delivered by EventBridge ("AWS API Call via
// CloudTrail", source aws.s3) into the one bucket to rescan. The event is attacker-influenced: only the
// fields we use are read, each validated and bounded; anything else is ignored with a short reason.
import * as z from 'zod';
import { eventTime, type BucketChange } from './orchestrate';

export const CORS_EVENT_NAMES = ['PutBucketCors', 'DeleteBucketCors'] as const;

const accountId = z.string().regex(/^\d{12}$/);
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/);
// Legacy us-east-1 names allowed up to 255 characters with upper case and underscores.
const bucketName = z.string().regex(/^[A-Za-z0-9._-]{3,255}$/);

const eventSchema = z.object({
  id: z.string().min(1).max(128),
  /** When the event happened: names the rescan with its id. Not required: a missing or odd one only names it by now. */
  time: z.unknown().optional(),
  'detail-type': z.literal('AWS API Call via CloudTrail'),
  source: z.literal('aws.s3'),
  account: accountId.optional(),
  detail: z.object({
    eventSource: z.literal('s3.amazonaws.com'),
    eventName: z.string().max(64),
    awsRegion: region.optional(),
    recipientAccountId: accountId.optional(),
    errorCode: z.string().max(256).optional(),
    userIdentity: z.object({ accountId: accountId.optional() }).optional(),
    requestParameters: z.object({ bucketName }).nullable().optional(),
  }),
});

export type CorsChangeReading = { kind: 'change'; change: BucketChange } | { kind: 'ignored'; reason: string };

export function parseCorsChangeEvent(event: unknown): CorsChangeReading {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    // Name the fields, never echo their (hostile, possibly huge) values.
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(event)'))].slice(0, 5);
    return { kind: 'ignored', reason: `malformed event: ${fields.join(', ')}` };
  }
  const { detail } = parsed.data;
  if (!(CORS_EVENT_NAMES as readonly string[]).includes(detail.eventName)) return { kind: 'ignored', reason: `not a CORS change: ${detail.eventName}` };
  // A refused call changed nothing (AccessDenied, MalformedXML...).
  if (detail.errorCode !== undefined) return { kind: 'ignored', reason: `failed call: ${detail.errorCode.slice(0, 64)}` };
  const bucket = detail.requestParameters?.bucketName;
  if (bucket === undefined) return { kind: 'ignored', reason: 'malformed event: detail.requestParameters.bucketName' };
  // The bucket owner received the event; the caller (userIdentity) may be another account.
  const owner = detail.recipientAccountId ?? parsed.data.account ?? detail.userIdentity?.accountId;
  if (owner === undefined) return { kind: 'ignored', reason: 'malformed event: no account' };
  const time = eventTime(parsed.data.time);
  return {
    kind: 'change',
    change: {
      accountId: owner,
      bucket,
      ...(detail.awsRegion !== undefined ? { region: detail.awsRegion } : {}),
      eventId: parsed.data.id,
      ...(time ? { eventTime: time } : {}),
      eventName: detail.eventName,
    },
  };
}
