import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseWorkerFlags, WorkerFlagsError } from "./worker-flags";

describe("npm run worker flags", () => {
  it("reads positive integers and leaves absent flags to the defaults", () => {
    expect(parseWorkerFlags(["--concurrency", "4", "--lease-ms", "1500"])).toEqual({ concurrency: 4, leaseMs: 1500 });
    expect(parseWorkerFlags(["--concurrency=3"])).toEqual({ concurrency: 3, leaseMs: undefined });
    expect(parseWorkerFlags([])).toEqual({ concurrency: undefined, leaseMs: undefined });
  });

  it("reads --metrics-port as a port number, off when absent", () => {
    expect(parseWorkerFlags(["--metrics-port", "9464"]).metricsPort).toBe(9464);
    expect(parseWorkerFlags([]).metricsPort).toBeUndefined();
    expect(() => parseWorkerFlags(["--metrics-port", "70000"])).toThrow(/--metrics-port must be a port number/);
    expect(() => parseWorkerFlags(["--metrics-port", "0"])).toThrow(/--metrics-port must be a positive integer/);
  });

  it("makes `npm run worker -- --metrics-port 9464` without METRICS_TOKEN exit 1: metrics are never served without a token", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", NODE_ENV: "test" };
    delete env.METRICS_TOKEN;
    const run = spawnSync(process.execPath, ["--import", "tsx", "server/jobs/worker-cli.ts", "--metrics-port", "9464"], { cwd: process.cwd(), env, encoding: "utf8", timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("[worker] --metrics-port needs METRICS_TOKEN");
  });

  it.each([
    [["--concurrency", "abc"], /--concurrency must be a positive integer \(got "abc"\)/],
    [["--concurrency", "0"], /--concurrency must be a positive integer \(got "0"\)/],
    [["--concurrency", "-2"], /--concurrency/],
    [["--concurrency", "2.5"], /--concurrency must be a positive integer/],
    [["--lease-ms", "1e3"], /--lease-ms must be a positive integer/],
    [["--lease-ms", ""], /--lease-ms must be a positive integer/],
    [["--concurency", "2"], /Unknown option '--concurency'/],
    [["--concurrency"], /argument missing/],
    [["4"], /Unexpected argument '4'/],
  ])("refuses %j with a message naming the problem", (args, message) => {
    expect(() => parseWorkerFlags(args)).toThrow(WorkerFlagsError);
    expect(() => parseWorkerFlags(args)).toThrow(message);
  });

  it("makes `npm run worker -- --concurrency abc` exit 1 with the message and usage, before touching any database", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "server/jobs/worker-cli.ts", "--concurrency", "abc"], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[worker] --concurrency must be a positive integer (got "abc")');
    expect(run.stderr).toContain("usage: npm run worker --");
  });
});
