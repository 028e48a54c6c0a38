// The report API's routes and parameters (functions/query-report is a thin adapter around this): every
// path and query parameter is validated with a one-line error naming it, and answers are JSON (findings
// also as CSV). The same parameter schemas back `s3-cors-audit report`.
import * as z from 'zod';
import { SEVERITIES } from '../engine/types';
import { scanIdSchema } from '../scan/messages';
import { findingsToCsv } from './csv';
import { ruleDoc } from './compliance';
import { CHANGE_KINDS, type ChangeKind } from './model';
import type { ReportTable } from './ports';
import { BUCKET_STATUSES, diffScans, FINDING_STATUSES, fleetView, type FindingStatus, getBucket, getScan, latestScan, listBuckets, listFindings, ReportQueryError, scanTrend } from './queries';
import { toReadableJson } from './escape';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const bucketName = z.string().regex(/^[A-Za-z0-9._-]{3,255}$/, 'must be an S3 bucket name');
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const family = z.enum(['scheduled', 'rescans']).default('scheduled');
/** Case-insensitive, `S3CORS-` optional; an id the catalogue does not know is an error, not an empty answer. */
const ruleId = z
  .string()
  .max(80)
  .transform((value) => (/^s3cors-/i.test(value) ? value : `S3CORS-${value}`).toUpperCase())
  .refine((value) => ruleDoc(value) !== undefined, { message: 'is not a rule id of the catalogue (see docs/rules.md), e.g. S3CORS-ANY-ORIGIN-WRITE' });

/**
 * Changes only findings of one status can have: asking for the change alone means that status, since
 * the default (open) would silently answer nothing.
 */
const STATUS_OF_CHANGE: Partial<Record<ChangeKind, FindingStatus>> = { resolved: 'resolved', suppressed: 'suppressed' };
const statusImpliedBy = (change: ChangeKind | undefined) => (change === undefined ? undefined : STATUS_OF_CHANGE[change]);

/** Unknown parameters are errors: a misspelt filter must not silently widen an auditor's answer. */
export const findingsParams = z
  .object({
    accountId: accountId.optional(),
    bucket: bucketName.optional(),
    severity: z.enum(SEVERITIES).optional(),
    minSeverity: z.enum(SEVERITIES).optional(),
    ruleId: ruleId.optional(),
    change: z.enum(CHANGE_KINDS).optional(),
    scanId: scanIdSchema.optional(),
    status: z.enum(FINDING_STATUSES).optional(),
    limit: limit(500, 100),
    cursor: z.string().max(4096).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict()
  .superRefine(({ change, status, scanId }, context) => {
    const problem = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    const implied = statusImpliedBy(change);
    if (implied !== undefined && status !== undefined && status !== implied && status !== 'all') {
      problem('status', `${status} excludes ${change} findings`);
      problem('change', `${change} conflicts with that status (leave the status out, or ask ${implied} or all)`);
    } else if (status === 'resolved' && change !== undefined && change !== 'resolved') {
      problem('status', 'resolved holds only findings whose change is resolved');
      problem('change', `${change} conflicts with that status`);
    } else if ((status === 'resolved' || change === 'resolved') && scanId === undefined) {
      // The latest state deletes a finding once fixed: its resolved record lives only in that scan's history.
      problem(status === 'resolved' ? 'status' : 'change', 'resolved findings are kept only in scan history');
      problem('scanId', 'required for resolved findings');
    }
  })
  .transform(({ status, ...params }) => ({ ...params, status: status ?? statusImpliedBy(params.change) ?? 'open' }));

export const bucketsParams = z
  .object({
    accountId: accountId.optional(),
    grade: z.enum(['A', 'B', 'C', 'D', 'E', 'F']).optional(),
    status: z.enum(BUCKET_STATUSES).optional(),
    limit: limit(1000, 100),
    cursor: z.string().max(4096).optional(),
  })
  .strict();

export const trendParams = z.object({ last: limit(100, 10), family }).strict();
export const latestParams = z.object({ family }).strict();
export const diffParams = z.object({ limit: limit(1000, 100) }).strict();
export const fleetParams = z.object({ limit: limit(500, 50) }).strict();
const noParams = z.object({}).strict();
export const scanPairParams = z.object({ from: scanIdSchema, to: scanIdSchema });

export interface ApiRequest {
  /** The path after the stage, e.g. /report/findings. */
  path: string;
  query: Record<string, string | undefined>;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One line naming each bad parameter: `limit: Too big...; severity: Invalid option...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.map((key) => JSON.stringify(key.slice(0, 40))).join(', ')}` : `${issue.path.join('.') || 'request'}: ${issue.message}`)).join('; ');
}

export function parseParams<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new ReportQueryError(describeIssues(parsed.error), 'invalid');
  return parsed.data;
}

const json = (status: number, value: unknown): ApiResponse => ({ status, headers: { 'content-type': 'application/json' }, body: toReadableJson(value) });

type Route = (table: ReportTable, segments: string[], query: ApiRequest['query']) => Promise<ApiResponse>;

const ROUTES: Array<{ pattern: RegExp; answer: Route }> = [
  {
    pattern: /^\/report\/findings$/,
    answer: async (table, _segments, query) => {
      const { format, ...params } = parseParams(findingsParams, query);
      const page = await listFindings(table, params);
      if (format === 'csv') {
        const headers: Record<string, string> = { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="findings.csv"' };
        if (page.cursor !== undefined) headers['x-next-cursor'] = page.cursor;
        return { status: 200, headers, body: findingsToCsv(page.items) };
      }
      return json(200, { findings: page.items, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) });
    },
  },
  {
    pattern: /^\/report\/scans\/latest$/,
    answer: async (table, _segments, query) => {
      const scan = await latestScan(table, parseParams(latestParams, query).family);
      if (!scan) throw new ReportQueryError('no scan has been recorded yet', 'not-found');
      return json(200, { scan });
    },
  },
  {
    pattern: /^\/report\/scans$/,
    answer: async (table, _segments, query) => {
      const { last, family: scans } = parseParams(trendParams, query);
      return json(200, { scans: await scanTrend(table, last, scans) });
    },
  },
  {
    pattern: /^\/report\/scans\/([^/]+)\/diff\/([^/]+)$/,
    answer: async (table, [from, to], query) => {
      const ids = parseParams(scanPairParams, { from, to });
      return json(200, await diffScans(table, ids.from, ids.to, parseParams(diffParams, query).limit));
    },
  },
  {
    pattern: /^\/report\/scans\/([^/]+)$/,
    answer: async (table, [scanId], query) => {
      parseParams(noParams, query);
      return json(200, { scan: await getScan(table, parseParams(scanIdSchema, scanId)) });
    },
  },
  {
    pattern: /^\/report\/buckets$/,
    answer: async (table, _segments, query) => {
      const page = await listBuckets(table, parseParams(bucketsParams, query));
      return json(200, { buckets: page.items, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) });
    },
  },
  {
    pattern: /^\/report\/buckets\/([^/]+)\/([^/]+)$/,
    answer: async (table, [account, bucket], query) => {
      parseParams(noParams, query);
      const key = parseParams(z.object({ accountId, bucket: bucketName }), { accountId: account, bucket });
      return json(200, { bucket: await getBucket(table, key.accountId, key.bucket) });
    },
  },
  {
    pattern: /^\/report\/fleet$/,
    answer: async (table, _segments, query) => json(200, await fleetView(table, parseParams(fleetParams, query).limit)),
  },
];

export const REPORT_PATHS = ['/report/findings', '/report/scans/latest', '/report/scans', '/report/scans/{scanId}', '/report/scans/{from}/diff/{to}', '/report/buckets', '/report/buckets/{accountId}/{bucket}', '/report/fleet'];

/** Answers one GET; caller mistakes become 400/404 with `{"error": "..."}`, anything else is thrown. */
export async function answerReportRequest(table: ReportTable, request: ApiRequest): Promise<ApiResponse> {
  const path = request.path.replace(/\/+$/, '');
  try {
    for (const route of ROUTES) {
      const match = route.pattern.exec(path);
      if (match) return await route.answer(table, match.slice(1).map(decodeSegment), request.query);
    }
    return json(404, { error: `no such report path; try one of ${REPORT_PATHS.join(', ')}` });
  } catch (error) {
    if (error instanceof ReportQueryError) return json(error.kind === 'not-found' ? 404 : 400, { error: error.message });
    // The table adapter's answer to a forged or stale cursor.
    if ((error as Error).name === 'CursorError') return json(400, { error: `cursor: ${(error as Error).message}` });
    throw error;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ReportQueryError('path: malformed percent-encoding', 'invalid');
  }
}
