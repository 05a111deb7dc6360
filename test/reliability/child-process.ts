import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";
import path from "node:path";

/** Every line any child printed, with its source: the secret scan reads them all. */
export interface LogLine {
  source: string;
  at: number;
  text: string;
}

export const allLogLines: LogLine[] = [];

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process ended. */
  readonly exited: Promise<string>;
  lines(): LogLine[];
  /** Resolves when a line matching `pattern` is printed (or was already). */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  kill(signal: NodeJS.Signals): void;
  stop(timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  logDir: string;
}

/**
 * A child whose stdout and stderr are kept line by line (in memory and in `<logDir>/<name>.log`).
 * Each child leads its own process group so stopping it also stops anything it started.
 */
export function spawnManaged(options: SpawnOptions): ManagedProcess {
  const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  const pid = child.pid;
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const mine: LogLine[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const onChunk = (stream: "out" | "err") => {
    let partial = "";
    return (chunk: Buffer) => {
      partial += chunk.toString("utf8");
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      for (const text of parts) {
        const line = { source: options.name, at: Date.now(), text };
        mine.push(line);
        allLogLines.push(line);
        appendFileSync(logFile, `${stream} ${text}\n`);
        for (const waiter of waiters) {
          if (waiter.pattern.test(text)) {
            waiters.delete(waiter);
            waiter.resolve(text);
          }
        }
      }
    };
  };
  child.stdout?.on("data", onChunk("out"));
  child.stderr?.on("data", onChunk("err"));
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? String(code))));

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  return {
    name: options.name,
    pid,
    child,
    exited,
    lines: () => mine,
    waitForLine(pattern, timeoutMs) {
      const seen = mine.find((line) => pattern.test(line.text));
      if (seen) return Promise.resolve(seen.text);
      return new Promise((resolve, reject) => {
        const waiter = { pattern, resolve };
        waiters.add(waiter);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${options.name} did not print ${pattern} within ${timeoutMs} ms; last lines:\n${mine.slice(-20).map((l) => l.text).join("\n")}`));
        }, timeoutMs);
        void exited.then((how) => {
          if (!waiters.has(waiter)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(new Error(`${options.name} exited (${how}) before printing ${pattern}; last lines:\n${mine.slice(-20).map((l) => l.text).join("\n")}`));
        });
        const original = waiter.resolve;
        waiter.resolve = (line) => {
          clearTimeout(timer);
          original(line);
        };
      });
    },
    kill: signalGroup,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
