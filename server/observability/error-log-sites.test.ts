import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every caught error is logged through logError/errorLogFields (./error-log-fields.ts), never by
// its message: a database error's message quotes the SQL and its parameters (emails, password
// hashes, ciphertexts). This walks server/, app/ and instrumentation.ts for a log or console call
// that prints a message or a raw error, so a new call site cannot slip back to the old habit.

const ROOTS = ["server", "app"];
const LOG_CALL = /\b(?:log|logger|console)\.(?:fatal|error|warn|info|debug|trace|log)\(|\blogger\)?\.\w+\(/;
const RAW_ERROR = /\b(?:error|err|e|cause)\.message\b|String\((?:error|err|e|cause)\)|[{,]\s*(?:error|err|cause)\s*[,}]|:\s*(?:error|err|cause)\s*[,}]/;

/** Messages written by our own code for an operator, never carrying data: the class is checked on the line before. */
const SAFE_MESSAGE_CLASSES = /instanceof (?:EnvError|DevSecretsError|WorkerFlagsError|WorkerPoolError|TokenVaultError)\b/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === "testing" || entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("error log call sites", () => {
  it("no log or console call in server/, app/ or instrumentation.ts prints an error's message or the raw error", () => {
    const offenders: string[] = [];
    for (const file of [...ROOTS.flatMap(sourceFiles), "instrumentation.ts"]) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, index) => {
        if (!LOG_CALL.test(line) || !RAW_ERROR.test(line)) return;
        const context = `${lines[index - 2] ?? ""}\n${lines[index - 1] ?? ""}\n${line}`;
        if (SAFE_MESSAGE_CLASSES.test(context)) return;
        offenders.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
