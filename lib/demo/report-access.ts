// The report side the demo needs, loaded when the demo runs: the table definition (lib/aws/report-table),
// the report ports and snapshot reader (lib/report) and the HTML renderer. Loaded by path so the demo
// compiles while those modules are being written; a missing one fails the demo with its name.
import type { Settings } from '../config';
import type { ReportSnapshot } from '../report/model';

export interface ReportAccess {
  /** CreateTable input for the report table (E1's schema). */
  tableDefinition(tableName: string): Record<string, unknown>;
  readSnapshot(settings: Settings, scanId?: string): Promise<ReportSnapshot>;
  renderHtml(snapshot: ReportSnapshot): string;
}

interface ReportModule {
  createReportPorts(settings: Settings): unknown;
  readReportSnapshot(ports: unknown, options: { scanId?: string }): Promise<ReportSnapshot>;
}

/** Loads the first specifier that resolves and exports `exportName` as a function. */
async function load<T>(specifiers: readonly string[], exportName: keyof T & string): Promise<T> {
  const problems: string[] = [];
  for (const specifier of specifiers) {
    try {
      const loaded = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
      if (typeof loaded[exportName] === 'function') return loaded as T;
      problems.push(`${specifier} does not export ${exportName}()`);
    } catch (error) {
      problems.push(`${specifier}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`demo: cannot load ${exportName}() (${problems.join('; ')})`);
}

export async function loadReportAccess(): Promise<ReportAccess> {
  // Variables, not literals: the type checker must not require modules that have not landed yet.
  const tableModules = ['../aws/report-table'];
  const reportModules = ['../report/index'];
  const htmlModules = ['../report/html/index', '../report/html', '../report/html-report'];
  const [{ reportTableDefinition }, report, { renderHtmlReport }] = await Promise.all([
    load<{ reportTableDefinition(tableName: string): Record<string, unknown> }>(tableModules, 'reportTableDefinition'),
    load<ReportModule>(reportModules, 'readReportSnapshot'),
    load<{ renderHtmlReport(snapshot: ReportSnapshot): string }>(htmlModules, 'renderHtmlReport'),
  ]);
  return {
    tableDefinition: reportTableDefinition,
    readSnapshot: (settings, scanId) => report.readReportSnapshot(report.createReportPorts(settings), scanId ? { scanId } : {}),
    renderHtml: renderHtmlReport,
  };
}
