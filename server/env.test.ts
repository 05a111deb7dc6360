import { existsSync, mkdtempSync, readFileSync } from "node:fs";
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
      new EnvError(
        "Invalid environment: " +
          [
            "PLAID_ENV is required in production (emulator, sandbox or production)",
            "PUBLIC_URL is required in production",
            "DATABASE_URL is required in production (or ALLOW_EMBEDDED_DATABASE=true for PGlite in DATA_DIR)",
            "AUTH_SECRET is required in production",
            "TOKEN_ENCRYPTION_KEYS is required in production",
          ].join("; "),
      ),
    );
  });

  describe("in production", () => {
    const complete = {
      NODE_ENV: "production",
      PLAID_ENV: "sandbox",
      PLAID_CLIENT_ID: "id",
      PLAID_SECRET: "secret",
      PUBLIC_URL: "https://ledgerlink.example",
      DATABASE_URL: "postgres://app@db.internal/ledgerlink",
      AUTH_SECRET: "a-production-auth-secret-of-enough-length",
      TOKEN_ENCRYPTION_KEYS: "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    };
    const problems = (overrides: Record<string, string | undefined>) => {
      try {
        parseEnv({ ...complete, DATA_DIR: scratch(), ...overrides });
        return "";
      } catch (error) {
        expect(error).toBeInstanceOf(EnvError);
        return (error as EnvError).message;
      }
    };

    it("starts when every variable is stated explicitly", () => {
      expect(problems({})).toBe("");
    });

    it("never falls back to the emulator: PLAID_ENV must be set, and emulator is allowed only when named", () => {
      expect(problems({ PLAID_ENV: undefined })).toMatch(/PLAID_ENV is required in production/);
      expect(problems({ PLAID_ENV: undefined, PLAID_CLIENT_ID: undefined, PLAID_SECRET: undefined })).toMatch(/PLAID_ENV is required/);
      expect(problems({ PLAID_ENV: "emulator", PLAID_CLIENT_ID: undefined, PLAID_SECRET: undefined })).toBe("");
    });

    it("requires PUBLIC_URL, over https unless the host is loopback", () => {
      expect(problems({ PUBLIC_URL: undefined })).toMatch(/PUBLIC_URL is required in production/);
      for (const url of ["http://ledgerlink.example", "http://10.0.0.5:3000", "ftp://ledgerlink.example"]) {
        expect(problems({ PUBLIC_URL: url }), url).toMatch(/PUBLIC_URL must be https in production/);
      }
      for (const url of ["https://ledgerlink.example", "http://localhost:3310", "http://127.0.0.1:3000", "http://[::1]:3000"]) {
        expect(problems({ PUBLIC_URL: url }), url).toBe("");
      }
    });

    it("takes PLAID_REDIRECT_URI only over https unless the host is loopback, as PUBLIC_URL", () => {
      expect(problems({ PLAID_REDIRECT_URI: undefined })).toBe("");
      for (const url of ["http://ledgerlink.example/oauth-return", "http://10.0.0.5:3000/oauth-return"]) {
        expect(problems({ PLAID_REDIRECT_URI: url }), url).toMatch(/PLAID_REDIRECT_URI must be https in production/);
      }
      for (const url of ["https://ledgerlink.example/oauth-return", "http://localhost:3310/oauth-return", "http://127.0.0.1:3000/oauth-return"]) {
        expect(problems({ PLAID_REDIRECT_URI: url }), url).toBe("");
      }
    });

    it("uses the embedded database only when asked to by ALLOW_EMBEDDED_DATABASE=true", () => {
      expect(problems({ DATABASE_URL: undefined })).toMatch(/DATABASE_URL is required in production/);
      expect(problems({ DATABASE_URL: undefined, ALLOW_EMBEDDED_DATABASE: "false" })).toMatch(/DATABASE_URL is required/);
      expect(problems({ DATABASE_URL: undefined, ALLOW_EMBEDDED_DATABASE: "true" })).toBe("");
      expect(problems({ DATABASE_URL: undefined, ALLOW_EMBEDDED_DATABASE: "yes" })).toMatch(/ALLOW_EMBEDDED_DATABASE/);
    });

    it("lists malformed and missing variables together in one line", () => {
      const message = problems({ PUBLIC_URL: "not a url", PLAID_ENV: "staging", AUTH_SECRET: undefined, DATABASE_URL: undefined });
      expect(message.split("\n")).toHaveLength(1);
      for (const key of ["PUBLIC_URL", "PLAID_ENV", "AUTH_SECRET", "DATABASE_URL"]) expect(message).toContain(key);
    });

    it("accepts the e2e server's settings (next start against the emulator and PGlite)", () => {
      const e2e = { PLAID_ENV: "emulator", PLAID_CLIENT_ID: undefined, PLAID_SECRET: undefined, DATABASE_URL: undefined };
      expect(problems({ ...e2e, PUBLIC_URL: "http://localhost:3310", ALLOW_EMBEDDED_DATABASE: "true" })).toBe("");
    });
  });

  it("refuses a PLAID_REDIRECT_URI that is not an absolute http(s) URL without a query, in any environment", () => {
    for (const url of ["/oauth-return", "oauth-return", "ftp://ledgerlink.example/oauth", "https://ledgerlink.example/oauth?x=1"]) {
      expect(() => parseEnv({ DATA_DIR: scratch(), PLAID_REDIRECT_URI: url }), url).toThrow(/PLAID_REDIRECT_URI/);
    }
    expect(parseEnv({ DATA_DIR: scratch(), PLAID_REDIRECT_URI: "http://localhost:3000/oauth-return" }).PLAID_REDIRECT_URI).toBe(
      "http://localhost:3000/oauth-return",
    );
  });

  it("asks for liabilities as an optional product by default, and for none when PLAID_OPTIONAL_PRODUCTS is empty", () => {
    expect(parseEnv({ DATA_DIR: scratch() }).PLAID_OPTIONAL_PRODUCTS).toEqual(["liabilities"]);
    expect(parseEnv({ DATA_DIR: scratch(), PLAID_OPTIONAL_PRODUCTS: "" }).PLAID_OPTIONAL_PRODUCTS).toEqual([]);
    expect(parseEnv({ DATA_DIR: scratch() }).PLAID_PRODUCTS).toEqual(["transactions"]);
  });

  it("keeps development's defaults when nothing is set", () => {
    const env = parseEnv({ DATA_DIR: scratch() });
    expect(env).toMatchObject({ PUBLIC_URL: "http://localhost:3000", PLAID_ENV: "emulator", ALLOW_EMBEDDED_DATABASE: false });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("names a malformed variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://nope", DATA_DIR: scratch() })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ PLAID_ENV: "staging", DATA_DIR: scratch() })).toThrow(/PLAID_ENV/);
  });

  describe("with a DATABASE_URL on another machine and no NODE_ENV (a worker or keys:rotate started by hand)", () => {
    const remote = "postgres://app:pw@db.internal:5432/ledgerlink";
    const complete = {
      DATABASE_URL: remote,
      PLAID_ENV: "sandbox",
      PLAID_CLIENT_ID: "id",
      PLAID_SECRET: "secret",
      PUBLIC_URL: "https://ledgerlink.example",
      AUTH_SECRET: "a-production-auth-secret-of-enough-length",
      TOKEN_ENCRYPTION_KEYS: "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    };

    it("refuses to start with one line listing every missing production setting, and writes no dev secrets", () => {
      const dataDir = scratch();
      expect(() => parseEnv({ DATABASE_URL: remote, DATA_DIR: dataDir })).toThrowError(
        new EnvError(
          "Invalid environment: " +
            [
              "DATABASE_URL is not on this machine, so production rules apply (NODE_ENV=unset)",
              "PLAID_ENV is required in production (emulator, sandbox or production)",
              "PUBLIC_URL is required in production",
              "AUTH_SECRET is required in production",
              "TOKEN_ENCRYPTION_KEYS is required in production",
            ].join("; "),
        ),
      );
      expect(existsSync(path.join(dataDir, "dev-secrets.json"))).toBe(false);
    });

    it("applies whatever NODE_ENV says short of production, and never falls back to the emulator", () => {
      for (const nodeEnv of ["development", "test"]) {
        expect(() => parseEnv({ ...complete, NODE_ENV: nodeEnv, AUTH_SECRET: undefined, DATA_DIR: scratch() }), nodeEnv).toThrow(
          /AUTH_SECRET is required in production/,
        );
      }
      expect(() => parseEnv({ ...complete, PLAID_ENV: undefined, DATA_DIR: scratch() })).toThrow(/PLAID_ENV is required/);
      expect(() => parseEnv({ ...complete, PLAID_ENV: undefined, PLAID_CLIENT_ID: undefined, PLAID_SECRET: undefined, DATA_DIR: scratch() })).toThrow(
        /PLAID_ENV is required/,
      );
      expect(parseEnv({ ...complete, DATA_DIR: scratch() }).PLAID_BASE_URL).toBe("https://sandbox.plaid.com");
    });

    it("keeps development's defaults for a database on this machine (loopback or a Unix socket)", () => {
      for (const url of [
        "postgres://postgres@127.0.0.1:5432/dev",
        "postgres://postgres@127.0.0.2/dev",
        "postgres://postgres@localhost/dev",
        "postgres://postgres@[::1]:5432/dev",
        "postgres://postgres@localhost/dev?host=/var/run/postgresql",
      ]) {
        const env = parseEnv({ DATABASE_URL: url, DATA_DIR: scratch() });
        expect(env.PLAID_ENV, url).toBe("emulator");
        expect(env.TOKEN_ENCRYPTION_KEYS, url).toMatch(/^dev1:/);
      }
      expect(() => parseEnv({ DATABASE_URL: "postgres://postgres@localhost/dev?host=db.internal", DATA_DIR: scratch() })).toThrow(/AUTH_SECRET/);
    });
  });

  it("parses TOKEN_ENCRYPTION_KEYS at start: a malformed ring stops it, naming the entry but never the key", () => {
    const shortKey = "k1:c2hvcnQ=";
    for (const [ring, expected] of [
      [shortKey, /TOKEN_ENCRYPTION_KEYS entry 1 \(key "k1"\) must be 32 bytes of base64/],
      ["no-colon-here", /TOKEN_ENCRYPTION_KEYS entry 1 needs an id/],
      ["k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", /repeats key id "k1"/],
    ] as const) {
      let message = "";
      try {
        parseEnv({ DATA_DIR: scratch(), TOKEN_ENCRYPTION_KEYS: ring });
      } catch (error) {
        expect(error).toBeInstanceOf(EnvError);
        message = (error as Error).message;
      }
      expect(message, ring).toMatch(expected);
      expect(message).not.toContain("c2hvcnQ=");
      expect(message).not.toContain("AAECAwQF");
    }
  });

  it("requires Plaid credentials for real Plaid and picks its host", () => {
    expect(() => parseEnv({ PLAID_ENV: "sandbox", DATA_DIR: scratch() })).toThrow(/PLAID_CLIENT_ID is required when PLAID_ENV=sandbox/);
    const env = parseEnv({ PLAID_CLIENT_ID: "id", PLAID_SECRET: "s", DATA_DIR: scratch() });
    expect(env.PLAID_ENV).toBe("sandbox");
    expect(env.PLAID_BASE_URL).toBe("https://sandbox.plaid.com");
  });
});
