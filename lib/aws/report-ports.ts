// The report's ports wired to AWS from settings: the DynamoDB report table, the SNS alert topic when
// one is configured.
import type { Settings } from '../config';
import type { ReportPorts } from '../report/ports';
import { createFindingPublisher } from './finding-publisher';
import { createReportTable } from './report-table';

export function createReportPorts(settings: Settings, now: () => Date = () => new Date()): ReportPorts {
  return {
    table: createReportTable(settings),
    ...(settings.ALERTS_TOPIC_ARN ? { alerts: createFindingPublisher(settings, settings.ALERTS_TOPIC_ARN) } : {}),
    historyRetentionDays: settings.HISTORY_RETENTION_DAYS,
    now,
  };
}
