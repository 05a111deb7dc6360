// A sliding one-minute window per (endpoint, item), like Plaid's per-Item limits.
export class RateLimiter {
  private hits = new Map<string, number[]>();

  constructor(public perMinute: number) {}

  /** Records a call; false when it is over the limit (the call is then not counted). */
  allow(key: string, now: number): boolean {
    if (this.perMinute <= 0) return true;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - 60_000);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    return true;
  }

  clear(): void {
    this.hits.clear();
  }
}
