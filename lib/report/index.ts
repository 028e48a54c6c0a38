// The report side's public face: the writer (scan ledger, change detection, alerts), snapshots, and
// the wiring of its ports to AWS.
export { startScan, recordAccountResult, completeScan, alertsFor, type AlertOptions, type RecordedAccount } from './record';
export { readReportSnapshot, snapshotFromResults } from './snapshot';
export { detectBucketChange, isOpen } from './changes';
export { findingIdOf } from './finding-id';
export { createReportPorts } from '../aws/report-ports';
export type { ReportPorts, ReportTable, AlertPublisher } from './ports';
export type * from './model';
