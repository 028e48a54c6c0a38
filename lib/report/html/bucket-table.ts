// The sortable, filterable bucket table: one <tbody> per bucket (its row plus a hidden detail row with
// findings, remediation and the CORS rules), so sorting and filtering move a bucket as one piece.
import { SEVERITIES, type Severity } from '../../engine/types';
import type { S3CorsRule } from '../../cors/types';
import { complianceFromDoc, CWE_URL, ruleDoc } from '../compliance';
import { escapeHtml, truncateText } from '../escape';
import type { BucketState, FindingRecord } from '../model';
import { isActive } from '../text-summary';

/** Bounds per hostile value: a page must stay readable with 60 KB origins and 1000 buckets. */
const LIMITS = { name: 120, message: 600, evidence: 300, evidenceEntries: 12, listItems: 20, search: 1_000, corsRules: 100, corsValue: 200 } as const;

/** Escaped and bounded text for HTML. */
export const text = (value: string, max: number) => escapeHtml(truncateText(value, max));

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);
export const severityBadge = (severity: Severity) => `<span class="sev ${severity}">${severity}</span>`;

const COLUMNS: Array<{ label: string; key?: string; numeric?: boolean }> = [
  { label: '' },
  { label: 'Account', key: 'account' },
  { label: 'Bucket', key: 'bucket' },
  { label: 'Region', key: 'region' },
  { label: 'Status', key: 'status' },
  { label: 'Score', key: 'score', numeric: true },
  { label: 'Grade', key: 'grade' },
  { label: 'Findings', key: 'findings', numeric: true },
  { label: 'Worst', key: 'severity', numeric: true },
];

export function renderBucketTable(buckets: readonly BucketState[]): string {
  const ordered = [...buckets].sort((a, b) => (a.score ?? Number.POSITIVE_INFINITY) - (b.score ?? Number.POSITIVE_INFINITY) || a.bucket.localeCompare(b.bucket));
  const head = COLUMNS.map((column) =>
    column.key
      ? `<th data-sort="${column.key}" data-numeric="${column.numeric === true}"${column.key === 'score' ? ' aria-sort="ascending"' : ''}${column.numeric ? ' class="num"' : ''}><button type="button">${column.label}</button></th>`
      : `<th><span class="muted">details</span></th>`).join('');
  const filters = `<div class="filters">
<label>Filter <input id="filter-text" type="search" placeholder="account, bucket, region, rule or origin" autocomplete="off"></label>
<label>Severity <select id="filter-severity"><option value="-1">all buckets</option>${[...SEVERITIES].reverse().map((severity) => `<option value="${rank(severity)}">${severity}${severity === 'critical' ? '' : ' or worse'}</option>`).join('')}</select></label>
<span>Showing <strong id="shown-count">${buckets.length}</strong> of ${buckets.length} buckets</span></div>`;
  return `${filters}<table id="buckets"><thead><tr>${head}</tr></thead>${ordered.map(bucketGroup).join('\n')}</table>`;
}

function bucketGroup(bucket: BucketState, index: number): string {
  const active = bucket.findings.filter(isActive).sort((a, b) => rank(b.severity) - rank(a.severity));
  const worst = active[0]?.severity;
  const search = [bucket.accountId, bucket.accountName ?? '', bucket.bucket, bucket.region ?? '', bucket.status, ...bucket.findings.map((finding) => finding.ruleId), ...(bucket.corsRules ?? []).flatMap((rule) => rule.AllowedOrigins ?? [])]
    .map((part) => truncateText(part, LIMITS.name)).join(' ').toLowerCase();
  const attributes = {
    account: bucket.accountId,
    bucket: bucket.bucket,
    region: bucket.region ?? '',
    status: bucket.status,
    score: bucket.score === undefined ? '' : String(bucket.score),
    grade: bucket.grade ?? '',
    findings: String(active.length),
    severity: String(worst ? rank(worst) : -1),
    search: truncateText(search, LIMITS.search),
  };
  const data = Object.entries(attributes).map(([key, value]) => `data-${key}="${escapeHtml(truncateText(value, LIMITS.search))}"`).join(' ');
  const detailId = `bucket-detail-${index}`;
  const row = `<tr class="bucket-row">
<td><button type="button" class="toggle" aria-expanded="false" aria-controls="${detailId}" title="Show findings and CORS rules">+</button></td>
<td class="nowrap">${text(bucket.accountId, LIMITS.name)}${bucket.accountName ? `<br><span class="muted">${text(bucket.accountName, LIMITS.name)}</span>` : ''}</td>
<td class="bucket-name">${text(bucket.bucket, LIMITS.name)}</td>
<td class="nowrap">${text(bucket.region ?? '', 40)}</td>
<td class="status-${escapeHtml(bucket.status)}">${text(bucket.status, 20)}${bucket.error ? `<br><span class="muted">${text(bucket.error.code, 60)}</span>` : ''}</td>
<td class="num score">${bucket.score ?? '<span class="muted">n/a</span>'}</td>
<td class="grade">${bucket.grade ?? ''}</td>
<td class="num">${active.length}</td>
<td>${worst ? severityBadge(worst) : ''}</td></tr>`;
  const detail = `<tr class="detail" id="${detailId}" hidden><td colspan="${COLUMNS.length}">${bucketDetail(bucket)}</td></tr>`;
  return `<tbody class="bucket" ${data}>${row}${detail}</tbody>`;
}

function bucketDetail(bucket: BucketState): string {
  const parts: string[] = [];
  if (bucket.error) parts.push(`<p><strong>Not assessed:</strong> ${text(bucket.error.code, 80)}: ${text(bucket.error.message, LIMITS.message)}</p>`);
  const findings = [...bucket.findings].sort((a, b) => rank(b.severity) - rank(a.severity));
  parts.push(findings.length > 0 ? findings.map(findingDetail).join('') : `<p class="muted">No findings.</p>`);
  if (bucket.corsRules) parts.push(`<h4>CORS rules (${bucket.corsRules.length})</h4><pre><code>${escapeHtml(rulesJson(boundedRules(bucket.corsRules)))}</code></pre>`);
  parts.push(`<p class="muted">Last scanned ${text(bucket.lastScannedAt, 40)} (scan ${text(bucket.lastScanId, LIMITS.name)})${bucket.configHash ? `, configuration ${text(bucket.configHash, 80)}` : ''}</p>`);
  return parts.join('');
}

function findingDetail(finding: FindingRecord): string {
  const doc = ruleDoc(finding.ruleId);
  const compliance = complianceFromDoc(doc);
  const evidence = Object.entries(finding.evidence).slice(0, LIMITS.evidenceEntries).map(([key, value]) => {
    const shown = Array.isArray(value) ? value.slice(0, LIMITS.listItems).map((item) => truncateText(item, LIMITS.evidence)).join(', ') : String(value);
    return `<dt>${text(key, 60)}</dt><dd>${text(shown, LIMITS.evidence * 2)}</dd>`;
  }).join('');
  const severity = `${severityBadge(finding.severity)}${finding.baseSeverity !== finding.severity ? ` <span class="muted">(rule default ${finding.baseSeverity}${finding.severityReason ? `: ${text(finding.severityReason, 300)}` : ''})</span>` : ''}`;
  const remediation = doc
    ? `<p><strong>Fix:</strong> ${catalogueText(doc.remediation.text)}</p><pre><code>${escapeHtml(rulesJson(doc.remediation.example))}</code></pre>`
    : `<p class="muted">Rule ${text(finding.ruleId, 100)} is not in this version's catalogue.</p>`;
  const references = [...compliance.cwe.map((cwe) => [cwe, CWE_URL(cwe)] as const), ...compliance.references.filter((url) => !/cwe\.mitre\.org/.test(url)).map((url) => [url.replace(/^https:\/\//, ''), url] as const)]
    .map(([label, url]) => `<a href="${escapeHtml(url)}" rel="noreferrer noopener" target="_blank">${text(label, 100)}</a>`).join(' · ');
  return `<div class="finding ${finding.severity}">
<h4>${severity} ${text(finding.title, 200)} <span class="muted">${text(finding.ruleId, 100)} · ${text(finding.change, 30)}</span></h4>
<p class="message">${text(finding.message, LIMITS.message)}</p>
${evidence ? `<dl class="evidence">${evidence}</dl>` : ''}
${finding.suppression ? `<p><strong>Suppressed</strong> (${text(finding.suppression.source, 100)}): ${text(finding.suppression.reason, 300)}${finding.suppression.expiresAt ? `, until ${text(finding.suppression.expiresAt, 40)}` : ''}</p>` : ''}
${doc ? `<p class="muted">${catalogueText(doc.rationale)}</p>` : ''}
${remediation}
<p class="muted">NIST SP 800-53: ${compliance.nist80053.join(', ')} · ${references}</p>
<p class="muted">First seen ${text(finding.firstSeenAt, 40)}, last seen ${text(finding.lastSeenAt, 40)}${finding.truncated ? ' · evidence truncated at source' : ''}</p>
</div>`;
}

/** Rule metadata (ours, not the audited account's) uses `code` spans: escaped first, then the spans become <code>. */
function catalogueText(value: string): string {
  return escapeHtml(value).replace(/&#96;([^&#]*?)&#96;/g, '<code>$1</code>');
}

/** A CORS configuration as JSON with one rule per line: valid to paste into `aws s3api put-bucket-cors`, short to read. */
export function rulesJson(rules: readonly unknown[]): string {
  return `[\n${rules.map((rule) => `  ${JSON.stringify(rule)}`).join(',\n')}\n]`;
}

/** The configuration as stored, with every string and list bounded for display. */
function boundedRules(rules: readonly S3CorsRule[]): unknown[] {
  const list = (values: string[] | undefined) => values && [...values.slice(0, LIMITS.listItems).map((value) => truncateText(value, LIMITS.corsValue)), ...(values.length > LIMITS.listItems ? [`… ${values.length - LIMITS.listItems} more`] : [])];
  return rules.slice(0, LIMITS.corsRules).map((rule) => ({
    ...(rule.ID !== undefined ? { ID: truncateText(rule.ID, LIMITS.corsValue) } : {}),
    AllowedOrigins: list(rule.AllowedOrigins),
    AllowedMethods: list(rule.AllowedMethods),
    ...(rule.AllowedHeaders ? { AllowedHeaders: list(rule.AllowedHeaders) } : {}),
    ...(rule.ExposeHeaders ? { ExposeHeaders: list(rule.ExposeHeaders) } : {}),
    ...(rule.MaxAgeSeconds !== undefined ? { MaxAgeSeconds: rule.MaxAgeSeconds } : {}),
  }));
}
