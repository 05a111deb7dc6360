import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export interface DevSecrets {
  authSecret: string;
  tokenEncryptionKeys: string;
}

const devSecretsSchema = z.object({ authSecret: z.string().min(32), tokenEncryptionKeys: z.string().min(1) });

/** A dev-secrets file that exists but cannot be used: fixing it is the developer's call, never ours. */
export class DevSecretsError extends Error {
  override name = "DevSecretsError";
}

const errorCode = (error: unknown): unknown => (error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined);

/** The stored secrets, or undefined only when the file does not exist; anything else throws. */
function readDevSecrets(file: string): DevSecrets | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw new DevSecretsError(`cannot read ${file} (${String(errorCode(error) ?? "unknown error")}); fix or delete it by hand`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DevSecretsError(`${file} is not valid JSON; fix or delete it by hand (deleting it signs everyone out and makes stored tokens unreadable)`);
  }
  const result = devSecretsSchema.safeParse(parsed);
  if (!result.success) {
    throw new DevSecretsError(`${file} lacks authSecret (32+ characters) or tokenEncryptionKeys; fix or delete it by hand`);
  }
  return result.data;
}

/**
 * Secrets a developer never has to configure: generated once and kept in DATA_DIR. Replacing an
 * existing file would sign everyone out and make every stored access token unreadable, so the
 * file is only ever created: written whole to a private temp file, then hard-linked into place,
 * which fails if the name exists. Two processes starting at once both link; one wins, and both
 * read the winner's file.
 */
export function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  const existing = readDevSecrets(file);
  if (existing) return existing;

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets: DevSecrets = {
    authSecret: randomBytes(32).toString("base64url"),
    tokenEncryptionKeys: `dev1:${randomBytes(32).toString("base64")}`,
  };
  const temp = path.join(dataDir, `.dev-secrets.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  writeFileSync(temp, JSON.stringify(secrets, null, 2), { flag: "wx", mode: 0o600 });
  try {
    linkSync(temp, file);
    console.warn(`[env] generated development AUTH_SECRET and TOKEN_ENCRYPTION_KEYS in ${file}; never use them in production`);
  } catch (error) {
    // Another process created it first: theirs is the one everybody uses.
    if (errorCode(error) !== "EEXIST") throw error;
  } finally {
    unlinkSync(temp);
  }
  const stored = readDevSecrets(file);
  if (!stored) throw new DevSecretsError(`${file} vanished while it was being created`);
  return stored;
}
