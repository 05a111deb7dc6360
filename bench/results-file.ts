import { readFile, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg } from "node:os";

const RESULTS = new URL("./results.json", import.meta.url);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function merge(into: Json, patch: Json): Json {
  const out: Json = { ...into };
  for (const [key, value] of Object.entries(patch)) out[key] = isObject(value) && isObject(out[key]) ? merge(out[key], value) : value;
  return out;
}

/** The machine a figure was measured on: figures from different machines are not comparable. */
export function machine(): Json {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    node: process.version,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    date: new Date().toISOString(),
  };
}

/**
 * Merges `patch` into bench/results.json (objects merged key by key, anything else replaced), so
 * a partial run, or another bench writing its own key (transactionReads), keeps the rest.
 */
export async function mergeBenchResults(patch: Json): Promise<void> {
  let existing: Json = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(RESULTS, "utf8"));
    if (isObject(parsed)) existing = parsed;
  } catch {
    // first run
  }
  await writeFile(RESULTS, `${JSON.stringify(merge(existing, patch), null, 2)}\n`);
}
