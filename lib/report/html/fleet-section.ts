// The report's "Fleet" section: configurations stamped on many buckets, and buckets that drifted from the
// configuration their name family shares (lib/report/fleet.ts). Origins and names are hostile: all escaped, all bounded.
import { driftedBuckets, recurringConfigurations, type ConfigPreview, type DriftedBucket, type FleetBucketRef, type RecurringConfiguration } from '../fleet';
import type { BucketState } from '../model';
import { text } from './bucket-table';

/** Rows per table and names per cell: a page to read, not an export (the query API pages through the rest). */
const SHOWN = { configurations: 20, drifted: 100, sampleBuckets: 5, ruleIds: 8, origins: 5, name: 120, value: 120 } as const;
const HASH_SHOWN = 12;

export function renderFleetSection(buckets: readonly BucketState[]): string {
  const recurring = recurringConfigurations(buckets);
  const drifted = driftedBuckets(buckets);
  return `<h3>Recurring configurations</h3>
<p class="muted">The same CORS configuration on two or more buckets: fixing it once fixes it everywhere it is stamped.</p>
${recurring.length > 0 ? recurringTable(recurring) : '<p>No CORS configuration is shared by two or more buckets.</p>'}
<h3>Drifted buckets</h3>
<p class="muted">Peers are buckets of one name family (region codes, environment words and numbers set aside) with at least three members whose configuration is known; a bucket drifted when it holds another configuration than a strict majority of its family. Unreadable buckets are left out. A negative score means worse than its peers.</p>
${drifted.length > 0 ? driftTable(drifted) : '<p>No bucket differs from the configuration most of its peers share.</p>'}`;
}

function recurringTable(configurations: readonly RecurringConfiguration[]): string {
  const rows = configurations.slice(0, SHOWN.configurations).map((configuration) => `<tr>
<td class="num">${configuration.bucketCount}</td><td class="num">${configuration.accountCount}</td>
<td class="num">${configuration.worstScore ?? '<span class="muted">n/a</span>'}${configuration.worstGrade ? ` <span class="grade">${text(configuration.worstGrade, 2)}</span>` : ''}</td>
<td>${preview(configuration.preview)}</td>
<td>${list(configuration.ruleIds, SHOWN.ruleIds, configuration.ruleIds.length) || '<span class="muted">none</span>'}</td>
<td>${list(configuration.buckets.map(bucketName), SHOWN.sampleBuckets, configuration.bucketCount)}</td>
<td class="nowrap">${hash(configuration.configHash)}</td></tr>`);
  return `<table id="fleet-recurring"><thead><tr><th class="num">Buckets</th><th class="num">Accounts</th><th class="num">Worst score</th><th>First rule</th><th>Findings</th><th>Where</th><th>Configuration</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(configurations.length, SHOWN.configurations, 'configurations')}`;
}

function driftTable(drifted: readonly DriftedBucket[]): string {
  const rows = drifted.slice(0, SHOWN.drifted).map((entry) => `<tr>
<td class="nowrap">${text(entry.accountId, SHOWN.name)}</td><td class="bucket-name">${text(entry.bucket, SHOWN.name)}</td><td>${text(entry.family, SHOWN.name)}</td>
<td class="nowrap">${hash(entry.expectedConfigHash)}</td><td class="nowrap">${hash(entry.actualConfigHash)}</td>
<td class="num">${entry.peers} of ${entry.familySize}</td><td class="num score-delta">${scoreDelta(entry.scoreDelta)}</td></tr>`);
  return `<table id="fleet-drift"><thead><tr><th>Account</th><th>Bucket</th><th>Family</th><th>Peers hold</th><th>Bucket holds</th><th class="num">Peers</th><th class="num">Score vs peers</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(drifted.length, SHOWN.drifted, 'drifted buckets')}`;
}

function preview(configuration: ConfigPreview | undefined): string {
  if (!configuration) return '<span class="muted">rules not stored (too large)</span>';
  const origins = list(configuration.origins, SHOWN.origins, configuration.origins.length + configuration.moreOrigins);
  const methods = configuration.methods.map((method) => text(method, SHOWN.value)).join(' ');
  const rules = configuration.ruleCount === 1 ? '' : ` <span class="muted">(rule 1 of ${configuration.ruleCount})</span>`;
  return `<code>${methods}</code> from ${origins || '<span class="muted">no origin</span>'}${rules}`;
}

const bucketName = (ref: FleetBucketRef) => `${ref.accountId}/${ref.bucket}`;

/** Escaped values separated by commas, then how many more exist beyond those shown. */
function list(values: readonly string[], shown: number, total: number): string {
  const items = values.slice(0, shown).map((value) => `<code>${text(value, SHOWN.value)}</code>`).join(', ');
  const hidden = total - Math.min(shown, values.length);
  return hidden > 0 ? `${items} <span class="muted">+${hidden} more</span>` : items;
}

function hash(configHash: string | null): string {
  return configHash === null ? '<span class="muted">no CORS</span>' : `<code title="${text(configHash, 100)}">${text(configHash.slice(0, HASH_SHOWN), HASH_SHOWN)}</code>`;
}

function scoreDelta(delta: number | null): string {
  if (delta === null) return '<span class="muted">n/a</span>';
  return delta > 0 ? `+${delta}` : String(delta);
}

function more(total: number, shown: number, what: string): string {
  return total > shown ? `<p class="muted">… and ${total - shown} more ${what}</p>` : '';
}
