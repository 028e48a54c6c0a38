// Findings as CSV (RFC 4180: CRLF records, quoted cells), safe to open in a spreadsheet: every cell goes
// through escapeCsvCell's formula guard and is bounded below Excel's 32,767-character cell limit.
import { escapeCsvCell, truncateText } from './escape';
import type { FindingRecord } from './model';

const CELL_MAX = 32_000;

const COLUMNS: Array<[header: string, value: (record: FindingRecord) => string | number | boolean]> = [
  ['findingId', (record) => record.findingId],
  ['accountId', (record) => record.accountId],
  ['accountName', (record) => record.accountName ?? ''],
  ['bucket', (record) => record.bucket],
  ['region', (record) => record.region ?? ''],
  ['ruleId', (record) => record.ruleId],
  ['title', (record) => record.title],
  ['severity', (record) => record.severity],
  ['baseSeverity', (record) => record.baseSeverity],
  ['severityReason', (record) => record.severityReason ?? ''],
  ['change', (record) => record.change],
  ['corsRuleNumber', (record) => (record.ruleIndex === null ? '' : record.ruleIndex + 1)],
  ['message', (record) => record.message],
  ['evidence', (record) => JSON.stringify(record.evidence)],
  ['suppressionReason', (record) => record.suppression?.reason ?? ''],
  ['suppressionExpiresAt', (record) => record.suppression?.expiresAt ?? ''],
  ['firstSeenAt', (record) => record.firstSeenAt],
  ['lastSeenAt', (record) => record.lastSeenAt],
  ['scanId', (record) => record.scanId],
  ['truncated', (record) => record.truncated === true],
];

export const CSV_HEADERS = COLUMNS.map(([header]) => header);

export function findingsToCsv(records: readonly FindingRecord[]): string {
  const cell = (value: string | number | boolean) => escapeCsvCell(typeof value === 'string' ? truncateText(value, CELL_MAX) : value);
  const lines = [CSV_HEADERS.join(','), ...records.map((record) => COLUMNS.map(([, value]) => cell(value(record))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
