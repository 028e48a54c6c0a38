// Slack Block Kit messages for finding alerts and the scan digest. Every value from audited accounts
// goes through escapeSlack (mentions, links, `|`) and is bounded; Slack's block limits are enforced last.
import { SEVERITIES, type Severity } from '../engine/types';
import { ruleDoc } from './compliance';
import { escapeSlack, escapeSlackCode, escapeSlackCodeBlock, truncateText } from './escape';
import { CHANGE_KINDS, type AlertMessage, type FindingRecord, type ScanSummary } from './model';

export type SlackText = { type: 'mrkdwn'; text: string; verbatim: true } | { type: 'plain_text'; text: string };
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: Array<{ type: 'button'; text: { type: 'plain_text'; text: string }; url: string; action_id: string }> };

export interface SlackPayload {
  /** Notification fallback (push notifications, screen readers). */
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

/** Slack's documented limits (Block Kit reference). */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, field: 2000, fields: 10, header: 150, contextElements: 10, fallbackText: 3000, buttonUrl: 3000 } as const;
/** Budget for one hostile value (an origin, a bucket, a message) before escaping. */
const VALUE_MAX = 300;
const EVIDENCE_MAX = 8;
const LIST_MAX = 10;

export const SEVERITY_EMOJI: Record<Severity, string> = { critical: ':red_circle:', high: ':large_orange_circle:', medium: ':large_yellow_circle:', low: ':large_blue_circle:', info: ':white_circle:' };

export function renderSlackMessage(alert: AlertMessage, options: { reportUrl?: string } = {}): SlackPayload {
  const { text, blocks } = alert.type === 'finding' ? findingMessage(alert.finding) : digestMessage(alert.summary);
  const button = reportButton(options.reportUrl);
  return {
    text: truncateText(text, SLACK_LIMITS.fallbackText),
    blocks: enforceLimits(button ? [...blocks, button] : blocks),
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** Escaped and bounded mrkdwn for one hostile value. */
const safe = (value: string, max = VALUE_MAX) => escapeSlack(truncateText(value, max));
const code = (value: string, max = VALUE_MAX) => `\`${escapeSlackCode(truncateText(value, max))}\``;
/**
 * verbatim: Slack otherwise pre-parses mrkdwn, turning a bare URL or `#channel` in a hostile value (an account name,
 * a tag's reason) into a live link; our own formatting (`*bold*`, code spans) is unaffected.
 */
const mrkdwn = (text: string): SlackText => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });
/** plain_text gets the same escaping: Slack decodes &amp; &lt; &gt; there too, and one rule for every text is easier to trust. */
const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: escapeSlack(truncateText(text, max)) });

function findingMessage(finding: FindingRecord): { text: string; blocks: SlackBlock[] } {
  const doc = ruleDoc(finding.ruleId);
  const where = `${code(finding.bucket, 70)} in account ${code(finding.accountId, 20)}${finding.accountName ? ` (${safe(finding.accountName, 80)})` : ''}${finding.region ? `, ${code(finding.region, 30)}` : ''}`;
  const severity = `${SEVERITY_EMOJI[finding.severity]} *${finding.severity}*${finding.baseSeverity !== finding.severity ? ` (rule: ${finding.baseSeverity})` : ''}`;
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(`${capitalise(finding.severity)}: ${finding.title}`, SLACK_LIMITS.header) },
    section(`*${CHANGE_LABEL[finding.change]}* finding on bucket ${where}`),
    {
      type: 'section',
      fields: [
        mrkdwn(`*Severity*\n${severity}`),
        mrkdwn(`*Rule*\n${code(finding.ruleId, 80)}${finding.ruleIndex !== null ? ` (CORS rule ${finding.ruleIndex + 1})` : ''}`),
        mrkdwn(`*First seen*\n${safe(finding.firstSeenAt, 40)}`),
        mrkdwn(`*Change*\n${safe(finding.change, 40)}`),
      ],
    },
    section(`*What*\n${safe(finding.message, 1200)}${finding.severityReason ? `\n_${safe(finding.severityReason, 300)}_` : ''}`),
  ];
  const evidence = evidenceLines(finding);
  if (evidence.length > 0) blocks.push(section(`*Evidence*\n${evidence.join('\n')}`));
  if (finding.suppression) blocks.push(section(`*Suppressed* (${safe(finding.suppression.source, 100)}): ${safe(finding.suppression.reason, 300)}${finding.suppression.expiresAt ? `, until ${safe(finding.suppression.expiresAt, 40)}` : ''}`));
  if (doc) blocks.push(section(`*Fix*\n${safe(doc.remediation.text, 800)}\n\`\`\`\n${escapeSlackCodeBlock(truncateText(JSON.stringify(doc.remediation.example, null, 2), 1500))}\n\`\`\``));
  blocks.push({ type: 'context', elements: [mrkdwn(`finding ${code(finding.findingId, 100)} · scan ${code(finding.scanId, 100)}${finding.truncated ? ' · evidence truncated at source' : ''}`)] });
  const text = `${capitalise(finding.severity)} S3 CORS finding (${finding.change}): ${safe(finding.title, 150)} on ${safe(finding.bucket, 70)} (${safe(finding.accountId, 20)})`;
  return { text, blocks };
}

function evidenceLines(finding: FindingRecord): string[] {
  const entries = Object.entries(finding.evidence);
  const lines = entries.slice(0, EVIDENCE_MAX).map(([key, value]) => {
    const shown = Array.isArray(value) ? value.slice(0, LIST_MAX).join(', ') + (value.length > LIST_MAX ? `, … (+${value.length - LIST_MAX})` : '') : String(value);
    return `• ${safe(key, 40)}: ${code(shown, 250)}`;
  });
  return entries.length > EVIDENCE_MAX ? [...lines, `• … ${entries.length - EVIDENCE_MAX} more`] : lines;
}

function digestMessage(summary: ScanSummary): { text: string; blocks: SlackBlock[] } {
  const c = summary.coverage;
  const total = SEVERITIES.reduce((sum, severity) => sum + summary.findingsBySeverity[severity], 0);
  const changes = CHANGE_KINDS.filter((kind) => summary.changes[kind] > 0).map((kind) => `${summary.changes[kind]} ${kind}`);
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(`S3 CORS audit: ${summary.status === 'complete' ? 'scan complete' : 'scan still running'} (${summary.trigger})`, SLACK_LIMITS.header) },
    section(
      `*Coverage*: ${c.accountsScanned}/${c.accountsTotal} accounts scanned${c.accountsFailed > 0 ? `, *${c.accountsFailed} failed*` : ''}` +
        `${summary.accountsPending.length > 0 ? `, ${summary.accountsPending.length} pending` : ''}; ` +
        `${c.bucketsListed} buckets: ${c.bucketsEvaluated} evaluated, ${c.bucketsWithoutCors} without CORS, ${c.bucketsGone} gone, ${c.bucketsUnknown} unknown (not assessed)`,
    ),
    {
      type: 'section',
      fields: [...SEVERITIES].reverse().map((severity) => mrkdwn(`${SEVERITY_EMOJI[severity]} *${capitalise(severity)}*: ${summary.findingsBySeverity[severity]}`)),
    },
    section(`*Since the previous scan*: ${changes.length > 0 ? changes.join(', ') : 'no change'}`),
  ];
  if (summary.worstBuckets.length > 0) {
    const worst = summary.worstBuckets.map((bucket) => `• ${bucket.grade} (${bucket.score}) ${code(bucket.bucket, 70)} in ${code(bucket.accountId, 20)}`);
    blocks.push(section(`*Worst buckets*\n${listWithin(worst)}`));
  }
  const errors = [
    ...summary.accountErrors.map((error) => `• account ${code(error.accountId, 20)} ${safe(error.stage, 30)}: ${code(error.code, 60)} ${safe(error.message, 200)}`),
    ...summary.bucketErrors.map((error) => `• ${code(error.bucket, 70)} in ${code(error.accountId, 20)}: ${code(error.code, 60)} ${safe(error.message, 200)}`),
  ];
  if (errors.length > 0) blocks.push(section(`*Scan errors* (${errors.length})\n${listWithin(errors)}`));
  blocks.push({ type: 'context', elements: [mrkdwn(`scan ${code(summary.scanId, 100)} · started ${safe(summary.startedAt, 40)}${summary.finishedAt ? ` · finished ${safe(summary.finishedAt, 40)}` : ''}`)] });
  const text = `S3 CORS audit ${summary.status === 'complete' ? 'complete' : 'running'}: ${total} active finding(s) (${summary.findingsBySeverity.critical} critical, ${summary.findingsBySeverity.high} high), ${c.accountsFailed} account(s) failed`;
  return { text, blocks };
}

/** Only http(s) URLs become a button; anything else (javascript:, a typo) is left out rather than sent. */
function reportButton(reportUrl: string | undefined): SlackBlock | undefined {
  if (!reportUrl || !/^https?:\/\//i.test(reportUrl) || reportUrl.length > SLACK_LIMITS.buttonUrl) return undefined;
  return { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the report' }, url: reportUrl, action_id: 'open-report' }] };
}

/** Last line of defence: whatever a builder produced, the payload fits Slack's limits (else Slack answers 400 invalid_blocks). */
function enforceLimits(blocks: SlackBlock[]): SlackBlock[] {
  const bounded = blocks.map((block): SlackBlock => {
    switch (block.type) {
      case 'header':
        return { type: 'header', text: { type: 'plain_text', text: truncateText(block.text.text, SLACK_LIMITS.header) } };
      case 'section':
        return {
          type: 'section',
          ...(block.text ? { text: { ...block.text, text: truncateText(block.text.text, SLACK_LIMITS.sectionText) } } : {}),
          ...(block.fields ? { fields: block.fields.slice(0, SLACK_LIMITS.fields).map((field) => ({ ...field, text: truncateText(field.text, SLACK_LIMITS.field) })) } : {}),
        };
      case 'context':
        return { type: 'context', elements: block.elements.slice(0, SLACK_LIMITS.contextElements).map((element) => ({ ...element, text: truncateText(element.text, SLACK_LIMITS.sectionText) })) };
      default:
        return block;
    }
  });
  if (bounded.length <= SLACK_LIMITS.blocks) return bounded;
  return [...bounded.slice(0, SLACK_LIMITS.blocks - 1), section(`… ${bounded.length - SLACK_LIMITS.blocks + 1} more block(s) left out (Slack allows ${SLACK_LIMITS.blocks})`)];
}

/** At most LIST_MAX lines and well under the section limit, then a count of what was left out. */
function listWithin(lines: string[], budget = SLACK_LIMITS.sectionText - 200): string {
  const shown: string[] = [];
  let used = 0;
  for (const line of lines.slice(0, LIST_MAX)) {
    if (used + line.length + 1 > budget) break;
    shown.push(line);
    used += line.length + 1;
  }
  return shown.length < lines.length ? `${shown.join('\n')}\n… and ${lines.length - shown.length} more` : shown.join('\n');
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

const CHANGE_LABEL: Record<FindingRecord['change'], string> = {
  new: 'New', worsened: 'Worsened', unchanged: 'Still open', improved: 'Improved', resolved: 'Resolved', suppressed: 'Suppressed', 'suppression-expired': 'Suppression expired on a',
};
