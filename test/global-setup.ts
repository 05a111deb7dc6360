import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

/** Starts test/postgres-process.ts and resolves with the URL it prints. */
async function startPostgresProcess(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/postgres-process.ts"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`PostgreSQL process exited early (code ${code})`)));
    lines.on("line", (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: unknown };
        if (typeof parsed.url === "string") resolve(parsed.url);
      } catch {
        // not our line
      }
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.stdin.end();
      }),
  };
}

/**
 * Runs once for the `postgres` project: a throwaway PostgreSQL for the whole run, unless
 * TEST_DATABASE_URL points at an existing server (each test file still gets its own database).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.TEST_DATABASE_URL;
  if (existing) {
    project.provide("postgresAdminUrl", existing);
    return async () => {};
  }
  const server = await startPostgresProcess();
  project.provide("postgresAdminUrl", server.url);
  return () => server.stop();
}
