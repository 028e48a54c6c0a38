import { describe, expect, it, vi } from 'vitest';
import { buildHandler, type ScheduleScanEvent } from '../../../functions/schedule-scan';
import { ConfigError } from '../../../lib/config';
import { fakeDeps, target } from '../scan/fake-orchestrate-deps';
import { lambdaContext, sampleEvent, silentLogger } from './lambda-context';

describe('schedule-scan handler', () => {
  it('starts a scheduled scan named after the event, with one queue message per account', async () => {
    const deps = fakeDeps({ targets: ['222222222222', '333333333333', '444444444444'].map((id) => target(id)) });
    const handler = buildHandler(async () => deps, silentLogger());
    const response = await handler(sampleEvent<ScheduleScanEvent>('schedule-scan'), lambdaContext());
    expect(response).toEqual({ scanId: expect.stringMatching(/^scan-2026-11-23T02-00-00Z-[0-9a-f]{10}$/), accounts: 3, notQueued: 0, complete: false });
    expect(deps.report.started[0]).toMatchObject({ scanId: response.scanId, trigger: 'schedule' });
    expect(deps.queue.sent.map((message) => message.account.accountId)).toEqual(['222222222222', '333333333333', '444444444444']);
  });

  it('a redelivered schedule event names the same scan', async () => {
    const handler = buildHandler(async () => fakeDeps(), silentLogger());
    const first = await handler(sampleEvent<ScheduleScanEvent>('schedule-scan'), lambdaContext());
    const again = await handler(sampleEvent<ScheduleScanEvent>('schedule-scan'), lambdaContext());
    expect(again.scanId).toBe(first.scanId);
  });

  it('a redelivery of the same schedule event processed seconds later starts no second scan and queues each account once', async () => {
    const deps = fakeDeps();
    const handler = buildHandler(async () => deps, silentLogger());
    // EventBridge delivers at least once: the duplicate arrives after the clock moved past a second boundary.
    deps.now = () => new Date('2026-11-23T02:00:00.950Z');
    const first = await handler(sampleEvent<ScheduleScanEvent>('schedule-scan'), lambdaContext());
    deps.now = () => new Date('2026-11-23T02:00:02.300Z');
    const again = await handler(sampleEvent<ScheduleScanEvent>('schedule-scan'), lambdaContext());
    expect(again).toEqual({ scanId: first.scanId, accounts: 2, notQueued: 0, complete: false, alreadyStarted: true });
    expect(deps.report.started.map((scan) => scan.scanId)).toEqual([first.scanId]);
    expect(deps.queue.sent.map((message) => [message.scanId, message.account.accountId])).toEqual([[first.scanId, '222222222222'], [first.scanId, '333333333333']]);
  });

  it('names each manual invocation\'s scan afresh', async () => {
    const deps = fakeDeps();
    const handler = buildHandler(async () => deps, silentLogger());
    const first = await handler(sampleEvent<ScheduleScanEvent>('schedule-scan-manual'), lambdaContext());
    const second = await handler(sampleEvent<ScheduleScanEvent>('schedule-scan-manual'), lambdaContext());
    expect(second.scanId).not.toBe(first.scanId);
    expect(deps.report.started).toHaveLength(2);
  });

  it('a manual invocation is a manual scan; inline mode completes it in the same invocation', async () => {
    const deps = fakeDeps({ mode: 'inline' });
    const response = await buildHandler(async () => deps, silentLogger())(sampleEvent<ScheduleScanEvent>('schedule-scan-manual'), lambdaContext());
    expect(deps.report.started[0]?.trigger).toBe('manual');
    expect(response.complete).toBe(true);
    expect(deps.report.completed).toEqual([response.scanId]);
    expect(deps.queue.sent).toEqual([]);
  });

  it('fails loudly on a configuration error, logging its problems without a stack trace', async () => {
    const logger = silentLogger();
    const logged = vi.spyOn(logger, 'error');
    const handler = buildHandler(async () => { throw new ConfigError(['ACCOUNTS[0].accountId must be a 12-digit AWS account id: "12"']); }, logger);
    const failure = await handler(sampleEvent<ScheduleScanEvent>('schedule-scan'), lambdaContext()).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).stack).toBe('ConfigError: config: ACCOUNTS[0].accountId must be a 12-digit AWS account id: "12"');
    expect(logged).toHaveBeenCalledWith('configuration error: fix the deployment parameters', { problems: ['ACCOUNTS[0].accountId must be a 12-digit AWS account id: "12"'] });
  });
});
