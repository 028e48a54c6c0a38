// The report's ports wired to AWS from settings: the DynamoDB report table, the SNS alert topic when
// one is configured, and Security Hub as a second finding destination when SECURITY_HUB_ENABLED.
import type { Settings } from '../config';
import type { ReportPorts } from '../report/ports';
import { createFindingPublisher } from './finding-publisher';
import { createReportTable } from './report-table';
import { createSecurityHubSink } from './security-hub';

export function createReportPorts(settings: Settings, now: () => Date = () => new Date()): ReportPorts {
  return {
    table: createReportTable(settings),
    ...(settings.ALERTS_TOPIC_ARN ? { alerts: createFindingPublisher(settings, settings.ALERTS_TOPIC_ARN) } : {}),
    ...(settings.SECURITY_HUB_ENABLED ? { findingSink: createSecurityHubSink(settings) } : {}),
    historyRetentionDays: settings.HISTORY_RETENTION_DAYS,
    now,
  };
}
