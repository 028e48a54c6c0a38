// vitest globalSetup of the `integration` project: starts the local AWS once per run, seeds the demo
// organisation into it, and provides its env to test files (read it with useLocalAws()).
import type { TestProject } from 'vitest/node';
import { DEMO_ORGANIZATION } from '../../lib/demo/organization';
import { startLocalAws } from './local-aws';
import type {} from './use-local-aws'; // the ProvidedContext augmentation

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const localAws = await startLocalAws();
  try {
    const seeded = await localAws.seed(DEMO_ORGANIZATION);
    project.provide('localAws', { ...localAws.env, LOCAL_AWS_SLACK_WEBHOOK_PARAMETER: seeded.slackWebhookParameter });
  } catch (error) {
    await localAws.stop();
    throw error;
  }
  return () => localAws.stop();
}
