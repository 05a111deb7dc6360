import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

function runUntilSigterm(): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/observability/testing/next-like-shutdown.ts"], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready\n") && !child.killed) child.kill("SIGTERM");
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, lines: output.split("\n").filter(Boolean) }));
  });
}

describe("graceful shutdown of the Next server", () => {
  it("holds Next's exit after draining until the worker has stopped and the pool is closed, then exits with Next's code", async () => {
    const { code, lines } = await runUntilSigterm();
    expect(lines).toEqual(["ready", "next drained", "worker stopped", "pool closed"]);
    expect(code).toBe(143);
  }, 30_000);
});
