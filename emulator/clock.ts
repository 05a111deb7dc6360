// The emulator's notion of "now" for token lifetimes, readiness and consent expiry. Tests move it
// forward (`/__emulator/clock/advance`) instead of waiting 30 minutes for a public token to expire.
// Webhook signatures use the real time, since receivers check `iat` against their own clock.
export interface Clock {
  now(): number;
  advance(ms: number): void;
  offsetMs(): number;
}

export function createClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    offsetMs: () => offset,
  };
}
