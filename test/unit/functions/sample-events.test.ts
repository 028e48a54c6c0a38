// The sample events in events/ chain as a user runs them one after another with `osls invoke local`.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { newScanId } from '../../../lib/scan/orchestrate';

const EVENTS = new URL('../../../events/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, EVENTS), 'utf8');

it('names, wherever a sample names a scan, the scan the schedule-scan sample starts', () => {
  const schedule = JSON.parse(read('schedule-scan.json')) as { id: string; time: string };
  const started = newScanId(new Date(schedule.time), schedule.id);
  const named = readdirSync(EVENTS).flatMap((name) => [...read(name).matchAll(/scan-\d{4}-\d{2}-\d{2}T[\d-]+Z-[a-z0-9]+/g)].map((match) => match[0]));
  expect(named.length).toBeGreaterThan(0);
  expect(new Set(named)).toEqual(new Set([started]));
});

it('gives each CloudTrail change sample its own event id: each is its own rescan', () => {
  const ids = readdirSync(EVENTS).filter((name) => name.startsWith('on-cors-change-')).map((name) => (JSON.parse(read(name)) as { id: string }).id);
  expect(new Set(ids).size).toBe(ids.length);
});
