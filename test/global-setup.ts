import type { TestProject } from "vitest/node";
import { startThrowawayPostgres } from "./embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
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
  const server = await startThrowawayPostgres();
  project.provide("postgresAdminUrl", server.url);
  return () => server.stop();
}
