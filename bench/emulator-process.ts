import { spawn } from "node:child_process";
import { createServer } from "node:net";

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
 * The emulator in its own process (`emulator/main.ts`), as in production where Plaid is another
 * machine: its memory and CPU are not counted as the app's. Fast clock, data ready at once, no
 * rate limit, no data file.
 */
export async function startEmulatorProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "emulator/main.ts", "--port", String(port), "--time-scale", "0.001", "--ready-delay-ms", "0", "--rate-limit", "0", "--history-delay-ms", "0", "--no-data-file"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`emulator exited with ${child.exitCode}`);
    const up = await fetch(`${url}/__emulator/faults`).then(() => true, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("emulator did not come up in 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    close: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
