import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const scratch = () => mkdtempSync(path.join(tmpdir(), "ledgerlink-env-"));

describe("parseEnv", () => {
  it("gives development everything it needs with no configuration, persisting generated secrets", () => {
    const dataDir = scratch();
    const first = parseEnv({ DATA_DIR: dataDir });
    expect(first.PLAID_ENV).toBe("emulator");
    expect(first.PLAID_BASE_URL).toBe("http://127.0.0.1:4010");
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.TOKEN_ENCRYPTION_KEYS).toMatch(/^dev1:/);
    // A restart must keep the same secrets, or every session and stored token would be lost.
    const second = parseEnv({ DATA_DIR: dataDir });
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(second.TOKEN_ENCRYPTION_KEYS).toBe(first.TOKEN_ENCRYPTION_KEYS);
    expect(JSON.parse(readFileSync(path.join(dataDir, "dev-secrets.json"), "utf8"))).toHaveProperty("authSecret");
  });

  it("stops a production start with one line naming every missing variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATA_DIR: scratch() })).toThrowError(
      new EnvError("Invalid environment: AUTH_SECRET is required in production; TOKEN_ENCRYPTION_KEYS is required in production"),
    );
  });

  it("names a malformed variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://nope", DATA_DIR: scratch() })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ PLAID_ENV: "staging", DATA_DIR: scratch() })).toThrow(/PLAID_ENV/);
  });

  it("requires Plaid credentials for real Plaid and picks its host", () => {
    expect(() => parseEnv({ PLAID_ENV: "sandbox", DATA_DIR: scratch() })).toThrow(/PLAID_CLIENT_ID is required when PLAID_ENV=sandbox/);
    const env = parseEnv({ PLAID_CLIENT_ID: "id", PLAID_SECRET: "s", DATA_DIR: scratch() });
    expect(env.PLAID_ENV).toBe("sandbox");
    expect(env.PLAID_BASE_URL).toBe("https://sandbox.plaid.com");
  });
});
