/**
 * A stand-in for `next start` in graceful-shutdown.test.ts: on SIGTERM it "drains" at once and
 * calls process.exit(143), as Next 16's start-server does; the app's shutdown steps must still
 * run, in order, before the process ends.
 */
import { createLogger } from "@/server/logger";
import { registerGracefulShutdown } from "../graceful-shutdown";

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

// Next registers its handler before instrumentation runs, so it is the first listener; it
// exits once server.close() has called back, i.e. asynchronously.
process.on("SIGTERM", () => {
  setTimeout(() => {
    say("next drained");
    process.exit(143);
  }, 50);
});
registerGracefulShutdown({
  logger: createLogger({ level: "silent" }),
  whileDraining: async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    say("worker stopped");
  },
  afterDrain: async () => {
    say("pool closed");
  },
  deadlineMs: Number(process.env.DEADLINE_MS ?? 10_000),
});
setInterval(() => {}, 1_000);
say("ready");
