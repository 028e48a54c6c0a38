import { describe, expect, it } from 'vitest';
import type { AlertMessage, FindingRecord } from '../../../lib/report/model';
import { renderSlackMessage, SLACK_LIMITS, type SlackBlock, type SlackPayload } from '../../../lib/report/slack';
import { finding, HOSTILE, sampleSnapshot, scanSummary } from './sample-snapshot';

/** Every text Slack will parse as mrkdwn or show as plain text. */
function texts(payload: SlackPayload): string[] {
  return payload.blocks.flatMap((block: SlackBlock) => {
    switch (block.type) {
      case 'header':
        return [block.text.text];
      case 'section':
        return [block.text?.text ?? '', ...(block.fields ?? []).map((field) => field.text)];
      case 'context':
        return block.elements.map((element) => element.text);
      default:
        return [];
    }
  });
}

function expectWithinLimits(payload: SlackPayload) {
  expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const block of payload.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    if (block.type === 'section') {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
    }
  }
  expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  expect(JSON.stringify(payload).length).toBeLessThan(40_000);
}

const hostileFinding = (): FindingRecord =>
  finding({
    bucket: 'evil-bucket',
    accountName: HOSTILE.slackMentions,
    ruleId: 'S3CORS-ANY-ORIGIN-WRITE',
    severity: 'critical',
    title: `Title ${HOSTILE.slackMentions} ${HOSTILE.junk}`,
    message: `${HOSTILE.slackMentions} ${HOSTILE.scriptOrigin} ${HOSTILE.junk}`,
    severityReason: HOSTILE.slackMentions,
    evidence: Object.fromEntries([['origin', HOSTILE.slackMentions], ['junk', HOSTILE.junk], ['list', Array.from({ length: 500 }, () => HOSTILE.slackMentions)], ...Array.from({ length: 30 }, (_, index) => [`k${index}`, index])]),
    suppression: { reason: HOSTILE.slackMentions, source: 'tag', expiresAt: '2027-01-01' },
  });

describe('renderSlackMessage: finding alerts', () => {
  const alert: AlertMessage = { type: 'finding', finding: sampleSnapshot().buckets[0]!.findings[0]! };
  const payload = renderSlackMessage(alert, { reportUrl: 'https://reports.example.com/latest.html' });

  it('says severity, title, change, bucket, account and rule', () => {
    expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Critical: Any website can send write requests (PUT/POST/DELETE) to the bucket' } });
    const all = texts(payload).join('\n');
    expect(all).toContain('*New* finding on bucket `prod-uploads` in account `111111111111` (prod), `eu-west-1`');
    expect(all).toContain(':red_circle: *critical* (rule: high)');
    expect(all).toContain('`S3CORS-ANY-ORIGIN-WRITE` (CORS rule 1)');
    expect(all).toContain('_Raised to critical: the bucket ACL grants WRITE to AllUsers, so others can already write to the bucket directly');
    expect(all).toContain('• origin: `*`');
    expect(all).toContain('• methods: `PUT, POST`');
    expect(payload.text).toBe('Critical S3 CORS finding (new): Any website can send write requests (PUT/POST/DELETE) to the bucket on prod-uploads (111111111111)');
    expect(payload).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('adds the report button last, only for an http(s) URL', () => {
    expect(payload.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the report' }, url: 'https://reports.example.com/latest.html', action_id: 'open-report' }],
    });
    for (const reportUrl of ['javascript:alert(1)', 'ftp://x', '']) {
      expect(renderSlackMessage(alert, { reportUrl }).blocks.some((block) => block.type === 'actions')).toBe(false);
    }
    expect(renderSlackMessage(alert, {}).blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('shows the fix from the rule catalogue, and none for an unknown rule id', () => {
    const fix = texts(payload).find((text) => text.startsWith('*Fix*'));
    expect(fix).toMatch(/```\n\[\n {2}\{\n {4}"AllowedOrigins": \[[\s\S]*\n```$/);
    expect(fix).not.toContain('\ufffd');
    const unknown = renderSlackMessage({ type: 'finding', finding: finding({ bucket: 'b', ruleId: 'S3CORS-RETIRED-RULE', severity: 'low' }) }, {});
    expect(texts(unknown).some((text) => text.startsWith('*Fix*'))).toBe(false);
  });

  describe('with hostile data', () => {
    const hostile = renderSlackMessage({ type: 'finding', finding: hostileFinding() }, {});

    it('never lets a mention, a link or a raw angle bracket through', () => {
      for (const text of texts(hostile)) {
        expect(text).not.toMatch(/<[!@#]|<https?:/);
        expect(text).not.toMatch(/[<>|]/);
        expect(text).not.toMatch(/(^|[^\u2060])@(channel|here)\b/);
      }
      expect(hostile.text).not.toMatch(/[<>|]/);
    });

    it('asks Slack not to pre-parse any mrkdwn text, so a bare URL or #channel in hostile text stays text', () => {
      const objects = [...hostile.blocks, ...renderSlackMessage({ type: 'digest', summary: scanSummary() }).blocks].flatMap((block: SlackBlock) =>
        block.type === 'section' ? [...(block.text ? [block.text] : []), ...(block.fields ?? [])] : block.type === 'context' ? block.elements : [],
      );
      const markdown = objects.filter((object) => object.type === 'mrkdwn');
      expect(markdown.length).toBeGreaterThan(5);
      for (const object of markdown) expect(object).toMatchObject({ verbatim: true });
    });

    it('shows the hostile text escaped, not dropped', () => {
      expect(texts(hostile).join('\n')).toContain('&lt;!channel&gt; &lt;@U0123ABCD&gt; &lt;https://evil.example\u2223click&gt; a\u2223b &amp; @\u2060here');
    });

    it('keeps within Slack limits and marks what it cut', () => {
      expectWithinLimits(hostile);
      expect(texts(hostile).join('\n')).toMatch(/\[\+\d+ chars\]/);
      expect(texts(hostile).find((text) => text.startsWith('*Evidence*'))).toMatch(/… 25 more$/);
    });
  });
});

describe('renderSlackMessage: scan digest', () => {
  const payload = renderSlackMessage({ type: 'digest', summary: scanSummary() }, {});
  const all = texts(payload).join('\n');

  it.each([
    ['header', 'S3 CORS audit: scan complete (schedule)'],
    ['coverage', '*Coverage*: 2/3 accounts scanned, *1 failed*; 7 buckets: 4 evaluated, 1 without CORS, 1 gone, 1 unknown (not assessed)'],
    ['critical count', ':red_circle: *Critical*: 1'],
    ['high count', ':large_orange_circle: *High*: 1'],
    ['changes', '*Since the previous scan*: 2 new, 1 worsened, 2 unchanged, 1 resolved'],
    ['worst bucket', '• F (30) `prod-uploads` in `111111111111`'],
    ['account error', '• account `333333333333` assume-role: `AccessDenied` User is not authorized to perform sts:AssumeRole'],
    ['bucket error', '• `legal-hold` in `222222222222`: `AccessDenied` Access Denied'],
  ])('shows the %s', (_name, expected) => {
    expect(all).toContain(expected);
  });

  it('has a fallback text with the totals', () => {
    expect(payload.text).toBe('S3 CORS audit complete: 5 active finding(s) (1 critical, 1 high), 1 account(s) failed');
  });

  it('lists at most ten errors and counts the rest, escaped and within limits', () => {
    const bucketErrors = Array.from({ length: 400 }, (_, index) => ({ accountId: '111111111111', bucket: `b${index}${HOSTILE.slackMentions}`, code: 'AccessDenied', message: HOSTILE.junk }));
    const big = renderSlackMessage({ type: 'digest', summary: scanSummary({ bucketErrors }) }, {});
    const errors = texts(big).find((text) => text.startsWith('*Scan errors*'));
    expect(errors).toMatch(/^\*Scan errors\* \(401\)/);
    expect(errors).toMatch(/\n… and 39\d more$/);
    expect(errors?.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(401 - Number(/and (\d+) more/.exec(errors ?? '')?.[1]));
    for (const text of texts(big)) expect(text).not.toMatch(/<[!@]/);
    expectWithinLimits(big);
  });
});
