import { type KnownErrorCode } from "../errors";

export type Fault =
  | { kind: "error"; errorCode: KnownErrorCode }
  | { kind: "http500" }
  | { kind: "delay"; delayMs: number }
  | { kind: "drop" };

export interface FaultRule {
  id: number;
  endpoint: string;
  fault: Fault;
  remaining: number;
}

// Faults injected by tests for the next N calls of one endpoint, consumed in the order they were
// added. A delay is consumed and then the call proceeds (possibly into the next fault).
export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(endpoint: string, fault: Fault, count: number): FaultRule {
    const rule: FaultRule = { id: this.nextId++, endpoint, fault, remaining: count };
    this.rules.push(rule);
    return rule;
  }

  /** Takes the next fault for this endpoint, if any, and counts it down. */
  take(endpoint: string): Fault | undefined {
    const rule = this.rules.find((candidate) => candidate.endpoint === endpoint && candidate.remaining > 0);
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule.fault;
  }

  list(): FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }
}
