// Findings over time as an inline SVG stacked bar chart, drawn server-side (no script, no library).
import { SEVERITIES, type Severity } from '../../engine/types';
import { escapeHtml, truncateText } from '../escape';
import type { ScanSummary } from '../model';

const WIDTH = 1100;
const HEIGHT = 240;
const PAD = { top: 16, right: 16, bottom: 40, left: 48 };
/** Enough history to see a trend without a crowded axis. */
const MAX_SCANS = 60;
export const SEVERITY_FILL: Record<Severity, string> = { critical: '#b00020', high: '#d9480f', medium: '#e8b100', low: '#1c7ed6', info: '#adb5bd' };

/** Scans oldest first (history then the latest, without a duplicate of the latest). */
export function scansForChart(history: readonly ScanSummary[], latest: ScanSummary): ScanSummary[] {
  return [...history.filter((scan) => scan.scanId !== latest.scanId), latest].slice(-MAX_SCANS);
}

export function renderTrendChart(scans: readonly ScanSummary[]): string {
  const totals = scans.map((scan) => SEVERITIES.reduce((sum, severity) => sum + Math.max(0, scan.findingsBySeverity[severity]), 0));
  const max = Math.max(1, ...totals);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, scans.length);
  const barWidth = Math.max(2, Math.min(40, slot * 0.7));
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const labelEvery = Math.ceil(scans.length / 12);
  const bars = scans.map((scan, index) => {
    const x = PAD.left + index * slot + (slot - barWidth) / 2;
    let base = 0;
    const rects = SEVERITIES.map((severity) => {
      const count = Math.max(0, scan.findingsBySeverity[severity]);
      if (count === 0) return '';
      const top = y(base + count);
      const rect = `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(base) - top).toFixed(1)}" fill="${SEVERITY_FILL[severity]}"><title>${escapeHtml(`${count} ${severity}`)}</title></rect>`;
      base += count;
      return rect;
    }).join('');
    const date = escapeHtml(truncateText(scan.startedAt.slice(0, 10), 10));
    const label = index % labelEvery === 0 ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${date}</text>` : '';
    return `<g class="scan"><title>${escapeHtml(truncateText(scan.scanId, 100))}: ${totals[index]} finding(s)</title>${rects}${label}</g>`;
  });
  const axis = `<line x1="${PAD.left}" y1="${y(0)}" x2="${WIDTH - PAD.right}" y2="${y(0)}" stroke="#adb5bd"/>` +
    `<text x="${PAD.left - 6}" y="${y(max) + 4}" text-anchor="end">${max}</text><text x="${PAD.left - 6}" y="${y(0) + 4}" text-anchor="end">0</text>`;
  const legend = [...SEVERITIES].reverse().map((severity, index) =>
    `<rect x="${PAD.left + index * 90}" y="${HEIGHT - 14}" width="10" height="10" fill="${SEVERITY_FILL[severity]}"/><text x="${PAD.left + index * 90 + 14}" y="${HEIGHT - 5}">${severity}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Active findings per scan, by severity">${axis}${bars.join('')}${legend}</svg>`;
}
