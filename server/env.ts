import { z } from "zod";
import { parseKeyRing } from "./crypto/key-ring";
import { TokenVaultError } from "./crypto/token-vault-error";
import { loadOrCreateDevSecrets } from "./dev-secrets";

const EMULATOR_CLIENT_ID = "emulator-client-id";
const EMULATOR_SECRET = "emulator-secret";
/** The development mail server's address (`npm run dev` starts it; `npm run mail` alone). */
export const DEV_SMTP_URL = "smtp://127.0.0.1:2525";

const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    );

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    // Optional so production can tell "unset" apart; parseEnv fills in the development default.
    PUBLIC_URL: z.url().optional(),
    PLAID_ENV: z.enum(["emulator", "sandbox", "production"]).optional(),
    PLAID_CLIENT_ID: z.string().min(1).optional(),
    PLAID_SECRET: z.string().min(1).optional(),
    PLAID_BASE_URL: z.url().optional(),
    PLAID_PRODUCTS: csv("transactions"),
    /** Consented at Link and used when the bank offers them; a bank without them still links. Empty = none. */
    PLAID_OPTIONAL_PRODUCTS: csv("liabilities"),
    /** Where an OAuth bank sends the browser back (Link's redirect_uri); unset = Plaid's in-Link popup path. */
    PLAID_REDIRECT_URI: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .url({ protocol: /^https?$/ })
        .refine((value) => !value.includes("?") && !value.includes("#"), "must not have a query or a fragment (Plaid appends its own)")
        .optional(),
    ),
    PLAID_COUNTRY_CODES: csv("US"),
    PLAID_LANGUAGE: z.string().min(2).default("en"),
    // Parsed here, not on the first token read: a malformed ring stops the start, not a sync later.
    TOKEN_ENCRYPTION_KEYS: z
      .string()
      .min(1)
      .optional()
      .superRefine((value, context) => {
        if (value === undefined) return;
        try {
          parseKeyRing(value);
        } catch (error) {
          if (!(error instanceof TokenVaultError)) throw error;
          // The message names the entry and key id, never the key.
          context.addIssue({ code: "custom", message: error.message.replace(/^TOKEN_ENCRYPTION_KEYS /, "") });
        }
      }),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Proxies in front of the app that append to X-Forwarded-For; 0 = none, the header is not trusted. */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    RUN_WORKER: z
      .enum(["true", "false"])
      .default("true")
      .transform((value) => value === "true"),
    /** PostgreSQL connections per process (app and worker); the worker refuses a concurrency that does not fit. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(1000).default(10),
    /** Days finished jobs, and verified webhook events, are kept before the hourly retention job deletes them. */
    JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(14),
    FAILED_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
    WEBHOOK_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
    /** Bearer token for GET /api/metrics (and a worker's --metrics-port); unset = metrics off (404). */
    METRICS_TOKEN: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(16, "must be at least 16 characters").optional()),
    /** Readiness answers 503 when no job worker has written a heartbeat for this many seconds. */
    READY_WORKER_STALE_SECONDS: z.coerce.number().int().min(5).default(60),
    /** On SIGTERM a worker waits this long for its running jobs, then hands them back unfinished. */
    WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(20),
    /** Where notification emails go (smtp:// or smtps://, credentials in the URL); unset in production = in-app notifications only. */
    SMTP_URL: z.preprocess((value) => (value === "" ? undefined : value), z.url({ protocol: /^smtps?$/ }).optional()),
    /** The From of notification emails, e.g. `Ledgerlink <alerts@example.com>`; required in production when SMTP_URL is set. */
    MAIL_FROM: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(3).optional()),
    /** Production opt-in for PGlite in DATA_DIR (a single-process demo); otherwise DATABASE_URL is required. */
    ALLOW_EMBEDDED_DATABASE: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
  });

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

type Source = Record<string, string | undefined>;

const isHttpsOrLoopback = (url: URL): boolean => url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));

const isLoopbackHost = (host: string): boolean => LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host) || host === "::1";

/**
 * A DATABASE_URL on another machine means a deployed database, whatever NODE_ENV says: a worker
 * or `keys:rotate` started there without NODE_ENV must not invent dev secrets or talk to the
 * emulator. Loopback hosts and Unix sockets (no host, or `?host=/path`) are this machine.
 */
export function isRemoteDatabaseUrl(databaseUrl: string | undefined): boolean {
  if (!databaseUrl || !URL.canParse(databaseUrl)) return false;
  const url = new URL(databaseUrl);
  const host = url.searchParams.get("host") ?? url.hostname;
  if (host === "" || host.startsWith("/")) return false;
  return !isLoopbackHost(host);
}

/**
 * Rules across variables, read from the raw strings so they are reported even when another
 * variable is malformed (zod skips an object's refinements once a field fails).
 */
function crossVariableProblems(source: Source): string[] {
  const problems: string[] = [];
  const plaidEnv = source.PLAID_ENV || (source.PLAID_CLIENT_ID ? "sandbox" : "emulator");
  if (plaidEnv !== "emulator") {
    for (const key of ["PLAID_CLIENT_ID", "PLAID_SECRET"]) {
      if (!source[key]) problems.push(`${key} is required when PLAID_ENV=${plaidEnv}`);
    }
  }
  if (source.NODE_ENV === "production") problems.push(...productionProblems(source));
  else if (isRemoteDatabaseUrl(source.DATABASE_URL)) {
    const missing = productionProblems(source);
    if (missing.length > 0) {
      problems.push(`DATABASE_URL is not on this machine, so production rules apply (NODE_ENV=${source.NODE_ENV ?? "unset"})`, ...missing);
    }
  }
  return problems;
}

/**
 * What production must not fall back to: the emulator, a localhost URL, an embedded database, or
 * generated secrets. Each default is right for a laptop and silently wrong for a deploy.
 */
function productionProblems(source: Source): string[] {
  const problems: string[] = [];
  if (!source.PLAID_ENV) problems.push("PLAID_ENV is required in production (emulator, sandbox or production)");
  if (!source.PUBLIC_URL) problems.push("PUBLIC_URL is required in production");
  else if (URL.canParse(source.PUBLIC_URL)) {
    if (!isHttpsOrLoopback(new URL(source.PUBLIC_URL))) {
      problems.push("PUBLIC_URL must be https in production (http only for localhost, 127.0.0.1 or ::1)");
    }
  }
  if (source.PLAID_REDIRECT_URI && URL.canParse(source.PLAID_REDIRECT_URI) && !isHttpsOrLoopback(new URL(source.PLAID_REDIRECT_URI))) {
    problems.push("PLAID_REDIRECT_URI must be https in production (http only for localhost, 127.0.0.1 or ::1)");
  }
  if (!source.DATABASE_URL && source.ALLOW_EMBEDDED_DATABASE !== "true") {
    problems.push("DATABASE_URL is required in production (or ALLOW_EMBEDDED_DATABASE=true for PGlite in DATA_DIR)");
  }
  for (const key of ["AUTH_SECRET", "TOKEN_ENCRYPTION_KEYS"]) {
    if (!source[key]) problems.push(`${key} is required in production`);
  }
  if (source.SMTP_URL && !source.MAIL_FROM) problems.push("MAIL_FROM is required in production when SMTP_URL is set");
  return problems;
}

type RawEnv = z.infer<typeof schema>;

export type PlaidEnvironment = "emulator" | "sandbox" | "production";

export type Env = Omit<RawEnv, "PLAID_ENV" | "PLAID_CLIENT_ID" | "PLAID_SECRET" | "PLAID_BASE_URL" | "AUTH_SECRET" | "PUBLIC_URL" | "MAIL_FROM"> & {
  MAIL_FROM: string;
  AUTH_SECRET: string;
  PUBLIC_URL: string;
  PLAID_ENV: PlaidEnvironment;
  PLAID_CLIENT_ID: string;
  PLAID_SECRET: string;
  PLAID_BASE_URL: string;
  TOKEN_ENCRYPTION_KEYS: string;
};

const PLAID_HOSTS: Record<Exclude<PlaidEnvironment, "emulator">, string> = {
  sandbox: "https://sandbox.plaid.com",
  production: "https://production.plaid.com",
};

/** Thrown with one line naming every bad variable, so a misconfigured deploy fails loudly. */
export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Source): Env {
  const result = schema.safeParse(source);
  const problems = [
    ...(result.error?.issues.map((issue) => `${issue.path.join(".") || "env"} ${issue.message}`) ?? []),
    ...crossVariableProblems(source),
  ];
  if (!result.success || problems.length > 0) {
    throw new EnvError(`Invalid environment: ${problems.join("; ")}`);
  }
  const raw = result.data;
  const plaidEnv: PlaidEnvironment = raw.PLAID_ENV ?? (raw.PLAID_CLIENT_ID ? "sandbox" : "emulator");
  // Only reached outside production rules (they require both secrets above).
  const dev = raw.AUTH_SECRET && raw.TOKEN_ENCRYPTION_KEYS ? undefined : loadOrCreateDevSecrets(raw.DATA_DIR);
  return {
    ...raw,
    PUBLIC_URL: raw.PUBLIC_URL ?? "http://localhost:3000",
    // `npm run dev` starts a local mail server there (server/notifications/dev-mail-server.ts).
    SMTP_URL: raw.SMTP_URL ?? (raw.NODE_ENV === "development" && !isRemoteDatabaseUrl(raw.DATABASE_URL) ? DEV_SMTP_URL : undefined),
    MAIL_FROM: raw.MAIL_FROM ?? "Ledgerlink <notifications@localhost>",
    AUTH_SECRET: raw.AUTH_SECRET ?? dev?.authSecret ?? "",
    TOKEN_ENCRYPTION_KEYS: raw.TOKEN_ENCRYPTION_KEYS ?? dev?.tokenEncryptionKeys ?? "",
    PLAID_ENV: plaidEnv,
    PLAID_CLIENT_ID: raw.PLAID_CLIENT_ID ?? EMULATOR_CLIENT_ID,
    PLAID_SECRET: raw.PLAID_SECRET ?? EMULATOR_SECRET,
    PLAID_BASE_URL: (plaidEnv === "emulator"
      ? (raw.PLAID_BASE_URL ?? "http://127.0.0.1:4010")
      : (raw.PLAID_BASE_URL ?? PLAID_HOSTS[plaidEnv])
    ).replace(/\/+$/, ""),
  };
}

let cached: Env | undefined;

/**
 * Parsed on first use rather than at import: `next build` imports server modules with
 * NODE_ENV=production and no secrets, and must not fail for it.
 */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
