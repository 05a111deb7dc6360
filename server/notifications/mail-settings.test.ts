import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEV_SMTP_URL, EnvError, parseEnv } from "@/server/env";
import { mailSettingsFromEnv } from "./mail-settings";

const scratch = () => mkdtempSync(path.join(tmpdir(), "ledgerlink-mail-env-"));
const production = {
  NODE_ENV: "production",
  PLAID_ENV: "sandbox",
  PLAID_CLIENT_ID: "id",
  PLAID_SECRET: "secret",
  PUBLIC_URL: "https://ledgerlink.example",
  DATABASE_URL: "postgres://app@db.internal/ledgerlink",
  AUTH_SECRET: "a-production-auth-secret-of-enough-length",
  TOKEN_ENCRYPTION_KEYS: "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
};

describe("email configuration", () => {
  it("production without SMTP_URL starts with email off: notifications stay in the app", () => {
    const env = parseEnv({ ...production, DATA_DIR: scratch() });
    expect(env.SMTP_URL).toBeUndefined();
    expect(mailSettingsFromEnv(env).enabled).toBe(false);
  });

  it("production with SMTP_URL needs MAIL_FROM, and then sends", () => {
    expect(() => parseEnv({ ...production, DATA_DIR: scratch(), SMTP_URL: "smtps://user:pass@mail.example:465" })).toThrowError(
      new EnvError("Invalid environment: MAIL_FROM is required in production when SMTP_URL is set"),
    );
    const env = parseEnv({ ...production, DATA_DIR: scratch(), SMTP_URL: "smtps://user:pass@mail.example:465", MAIL_FROM: "Ledgerlink <alerts@ledgerlink.example>" });
    expect(mailSettingsFromEnv(env)).toEqual({ enabled: true, publicUrl: "https://ledgerlink.example", authSecret: production.AUTH_SECRET });
    expect(env.MAIL_FROM).toBe("Ledgerlink <alerts@ledgerlink.example>");
  });

  it("development sends to the local mail server `npm run dev` starts; tests send nothing unless told", () => {
    expect(parseEnv({ DATA_DIR: scratch() }).SMTP_URL).toBe(DEV_SMTP_URL);
    expect(parseEnv({ NODE_ENV: "test", DATA_DIR: scratch() }).SMTP_URL).toBeUndefined();
    expect(() => parseEnv({ DATA_DIR: scratch(), SMTP_URL: "http://mail.example" })).toThrowError(/SMTP_URL/);
  });
});
