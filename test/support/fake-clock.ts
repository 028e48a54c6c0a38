// A clock that moves only when a test moves it. Credential lifetimes, refresh margins and expiry are then
// judged in logical time: no sleeping, and no dependence on how loaded the machine is.
export interface FakeClock {
  /** Epoch milliseconds (the shape of Date.now and of lib/aws/credentials.ts's ProviderClock.now). */
  now(): number;
  date(): Date;
  advance(ms: number): void;
}

/**
 * Starts at the real time by default: expiry times stay in the real clock's future too, which the SDK
 * reads when it caches credentials itself.
 */
export function fakeClock(start = Date.now()): FakeClock {
  let current = start;
  return {
    now: () => current,
    date: () => new Date(current),
    advance: (ms) => {
      if (!(ms >= 0)) throw new Error(`a fake clock only moves forward (asked to move ${ms} ms)`);
      current += ms;
    },
  };
}
