import { parseArgs } from "node:util";
import { startEmulator } from "./server";

// `npm run emulator`: the Plaid emulator as a standalone server. Flags win over environment
// variables; the data file keeps dev state across restarts.
const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    seed: { type: "string" },
    "data-file": { type: "string" },
    "time-scale": { type: "string" },
    "ready-delay-ms": { type: "string" },
    "rate-limit": { type: "string" },
    "history-delay-ms": { type: "string" },
    "allowed-redirect-uris": { type: "string" },
    "no-data-file": { type: "boolean" },
  },
});

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`plaid-emulator: ${name} must be a non-negative number, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const env = process.env;
const emulator = await startEmulator({
  port: numberOption("--port", values.port ?? env.PLAID_EMULATOR_PORT) ?? 4010,
  host: values.host ?? env.PLAID_EMULATOR_HOST ?? "127.0.0.1",
  seed: values.seed ?? env.PLAID_EMULATOR_SEED,
  dataFile: values["no-data-file"] === true ? undefined : (values["data-file"] ?? env.PLAID_EMULATOR_DATA_FILE ?? ".data/emulator.json"),
  timeScale: numberOption("--time-scale", values["time-scale"] ?? env.PLAID_EMULATOR_TIME_SCALE),
  readyDelayMs: numberOption("--ready-delay-ms", values["ready-delay-ms"] ?? env.PLAID_EMULATOR_READY_DELAY_MS),
  rateLimitPerMinute: numberOption("--rate-limit", values["rate-limit"] ?? env.PLAID_EMULATOR_RATE_LIMIT),
  // Dev and e2e see Plaid's two phases: recent days first, the full history a little later.
  historyDelayMs: numberOption("--history-delay-ms", values["history-delay-ms"] ?? env.PLAID_EMULATOR_HISTORY_DELAY_MS) ?? 8000,
  allowedRedirectUris: (values["allowed-redirect-uris"] ?? env.PLAID_EMULATOR_ALLOWED_REDIRECT_URIS ?? "")
    .split(",")
    .map((uri) => uri.trim())
    .filter((uri) => uri !== ""),
});
console.log(`Plaid emulator listening on ${emulator.url}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("plaid-emulator: failed to close cleanly", error);
      process.exit(1);
    },
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
