/** One scenario's figures, printed as one line; any failure fails the suite. */
export interface ScenarioResult {
  name: string;
  sent: number;
  accepted: number;
  rejected: number;
  rows: number;
  duplicates: number;
  lost: number;
  overlappingSyncs: number;
  /** Scenario-specific figures, printed after the common ones. */
  notes: string[];
  failures: string[];
  seconds: number;
}

export function summaryLine(result: ScenarioResult): string {
  const verdict = result.failures.length === 0 ? "ok" : "FAILED";
  const figures = `sent ${result.sent}, accepted ${result.accepted}, rejected ${result.rejected}, rows ${result.rows}, duplicates ${result.duplicates}, lost ${result.lost}, overlapping syncs ${result.overlappingSyncs}`;
  return `[reliability] ${result.name}: ${figures}; ${[...result.notes, `${result.seconds.toFixed(1)} s`].join(", ")} → ${verdict}`;
}

export function emptyResult(name: string): ScenarioResult {
  return { name, sent: 0, accepted: 0, rejected: 0, rows: 0, duplicates: 0, lost: 0, overlappingSyncs: 0, notes: [], failures: [], seconds: 0 };
}

/** Runs `body`, timing it, and turns a thrown error into a failure of this scenario. */
export async function runScenario(name: string, body: (result: ScenarioResult) => Promise<void>): Promise<ScenarioResult> {
  const result = emptyResult(name);
  const started = Date.now();
  try {
    await body(result);
  } catch (error) {
    result.failures.push(`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** Adds the common checks every scenario makes: nothing lost, nothing doubled, no overlapping sync. */
export function checkCommon(result: ScenarioResult, examples: string[] = []): void {
  if (result.lost > 0) result.failures.push(`${result.lost} transactions lost or different`);
  if (result.duplicates > 0) result.failures.push(`${result.duplicates} rows that the emulator does not have`);
  if (result.overlappingSyncs > 0) result.failures.push(`${result.overlappingSyncs} overlapping syncs of one item`);
  if ((result.lost > 0 || result.duplicates > 0) && examples.length > 0) result.failures.push(...examples);
}
