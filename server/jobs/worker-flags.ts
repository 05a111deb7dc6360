import { parseArgs } from "node:util";
import { z } from "zod";

export const WORKER_USAGE = "usage: npm run worker -- [--concurrency <positive integer>] [--lease-ms <positive integer>] [--metrics-port <1-65535>]";

/** Thrown with a message fit to print as is, followed by the usage line. */
export class WorkerFlagsError extends Error {
  override name = "WorkerFlagsError";
}

const positiveInteger = (flag: string) =>
  z
    .string()
    .regex(/^\d+$/, `${flag} must be a positive integer`)
    .transform(Number)
    .pipe(z.number().int().positive(`${flag} must be a positive integer`).max(Number.MAX_SAFE_INTEGER))
    .optional();

const flagsSchema = z.object({
  concurrency: positiveInteger("--concurrency"),
  "lease-ms": positiveInteger("--lease-ms"),
  "metrics-port": positiveInteger("--metrics-port").refine((port) => port === undefined || port <= 65_535, "--metrics-port must be a port number (1-65535)"),
});

export interface WorkerFlags {
  concurrency?: number;
  leaseMs?: number;
  /** Serve Prometheus metrics on this port (off when absent). */
  metricsPort?: number;
}

/** `npm run worker` flags: a typo or a non-number ends the process instead of starting zero loops. */
export function parseWorkerFlags(args: string[]): WorkerFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options: { concurrency: { type: "string" }, "lease-ms": { type: "string" }, "metrics-port": { type: "string" } }, strict: true }));
  } catch (error) {
    // Unknown flag, missing value or a stray argument: node:util says which.
    throw new WorkerFlagsError(error instanceof Error ? error.message : String(error));
  }
  const result = flagsSchema.safeParse(values);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.message} (got ${JSON.stringify(values[String(issue.path[0])])})`);
    throw new WorkerFlagsError(problems.join("; "));
  }
  return { concurrency: result.data.concurrency, leaseMs: result.data["lease-ms"], metricsPort: result.data["metrics-port"] };
}
