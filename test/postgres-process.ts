/**
 * A throwaway PostgreSQL in a process of its own, for the test runner: whatever happens to the
 * server (or its exit handling), Vitest's own exit code stays the truth about the tests.
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
