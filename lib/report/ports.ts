// What the report needs from AWS, in domain words: a key-value table with batched writes and
// paginated queries (DynamoDB, lib/aws/report-table.ts) and an alert publisher (SNS,
// lib/aws/finding-publisher.ts). The writer, change detection and queries only see these shapes.
import type { IndexName } from './table-keys';
import type { AlertMessage } from './model';

export interface ItemKey {
  pk: string;
  sk: string;
}

/** A stored item: its keys, optional index keys, `kind`, an optional TTL (epoch seconds) and data. */
export interface ReportItem extends ItemKey {
  kind: string;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  expiresAt?: number;
  [attribute: string]: unknown;
}

export type WriteOperation = { put: ReportItem } | { delete: ItemKey };

export interface TableQuery {
  index?: IndexName;
  /** Partition value (pk, gsi1pk or gsi2pk according to the index). */
  partition: string;
  /** Sort key begins with this. */
  sortPrefix?: string;
  /** Newest / highest sort key first. */
  descending?: boolean;
  /** Page size (items evaluated, as DynamoDB's Limit). */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  /** Equality filters on plain attributes, applied server-side (FilterExpression). */
  where?: Record<string, string | number | boolean>;
}

export interface QueryPage {
  items: ReportItem[];
  /** Present when more pages exist. */
  cursor?: string;
}

/** The outcome of removing an account from a running scan's pending set. */
export interface PendingUpdate {
  /** False when the account had already been removed (a redelivered message). */
  removed: boolean;
  /** Accounts still expected to report. */
  remaining: number;
  status: 'running' | 'complete';
}

export interface ReportTable {
  get(key: ItemKey): Promise<ReportItem | undefined>;
  /** Any number of keys; batched (100 per call) with unprocessed keys retried. Missing items are absent. */
  getMany(keys: readonly ItemKey[]): Promise<ReportItem[]>;
  /** Any number of operations; batched (25 per call), UnprocessedItems retried with backoff. Throws only when retries run out. */
  write(operations: readonly WriteOperation[]): Promise<void>;
  /** Writes only when no item has this key yet; false when one exists (idempotent creation). */
  putIfAbsent(item: ReportItem): Promise<boolean>;
  query(query: TableQuery): Promise<QueryPage>;
  /** Removes an account from a scan summary's pending set and says what is left. */
  removePendingAccount(scanId: string, accountId: string): Promise<PendingUpdate>;
  /** Replaces a running summary with its completed form; false when it was already complete. */
  completeSummary(item: ReportItem): Promise<boolean>;
}

export interface PublishFailure {
  message: AlertMessage;
  code: string;
  reason: string;
}

export interface AlertPublisher {
  /** Publishes in batches within the service's limits; failures left after retries are returned, not thrown. */
  publish(messages: readonly AlertMessage[]): Promise<{ published: number; failed: PublishFailure[] }>;
}

/** Optional second destination for findings (Security Hub BatchImportFindings). */
export interface FindingSink {
  import(findings: readonly import('./model').FindingRecord[]): Promise<{ imported: number; failed: number }>;
}

export interface ReportPorts {
  table: ReportTable;
  /** Absent when no topic is configured: changes are still stored, nothing is sent. */
  alerts?: AlertPublisher;
  findingSink?: FindingSink;
  /** Days history items (scans, per-scan findings) are kept before TTL removes them. */
  historyRetentionDays: number;
  now(): Date;
}
