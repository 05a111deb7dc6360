import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { webhookVerificationKeys } from "@/db/schema";
import { webhookVerificationKeySchema, type WebhookVerificationKey } from "./verify-webhook";

/** A key Plaid returned, and when we read it from Plaid (epoch ms). */
export interface StoredWebhookKey {
  key: WebhookVerificationKey;
  fetchedAt: number;
}

/**
 * Where verified keys outlive the process: a new or restarted instance finds a kid another
 * instance already learned without asking Plaid, so it spends no unknown-kid budget on it.
 */
export interface WebhookKeyStore {
  loadAll(): Promise<StoredWebhookKey[]>;
  save(stored: StoredWebhookKey): Promise<void>;
  /** Plaid no longer knows this kid. */
  forget(kid: string): Promise<void>;
}

const fromSeconds = (seconds: number) => new Date(seconds * 1000);

/** The webhook_verification_keys table. Plaid has a handful of keys, so loading them all is one small read. */
export function databaseWebhookKeyStore(getDb: () => Promise<Database>): WebhookKeyStore {
  return {
    async loadAll() {
      const db = await getDb();
      const rows = await db.select({ jwk: webhookVerificationKeys.jwk, fetchedAt: webhookVerificationKeys.fetchedAt }).from(webhookVerificationKeys);
      const stored: StoredWebhookKey[] = [];
      for (const row of rows) {
        // A row that no longer parses is skipped, not trusted: the kid is then looked up as unknown.
        const parsed = webhookVerificationKeySchema.safeParse(row.jwk);
        if (parsed.success) stored.push({ key: parsed.data, fetchedAt: row.fetchedAt.getTime() });
      }
      return stored;
    },
    async save({ key, fetchedAt }) {
      const db = await getDb();
      const values = {
        kid: key.kid,
        jwk: key,
        createdAt: fromSeconds(key.created_at),
        expiredAt: key.expired_at === null ? null : fromSeconds(key.expired_at),
        fetchedAt: new Date(fetchedAt),
      };
      // Two instances may learn the same key at once; the later read wins, and an expiry learned
      // once is never undone by an older answer (Plaid never un-expires a key).
      await db
        .insert(webhookVerificationKeys)
        .values(values)
        .onConflictDoUpdate({
          target: webhookVerificationKeys.kid,
          set: {
            jwk: sql`case when ${webhookVerificationKeys.expiredAt} is not null and excluded.expired_at is null then ${webhookVerificationKeys.jwk} else excluded.jwk end`,
            expiredAt: sql`coalesce(${webhookVerificationKeys.expiredAt}, excluded.expired_at)`,
            fetchedAt: sql`greatest(${webhookVerificationKeys.fetchedAt}, excluded.fetched_at)`,
          },
        });
    },
    async forget(kid) {
      const db = await getDb();
      await db.delete(webhookVerificationKeys).where(eq(webhookVerificationKeys.kid, kid));
    },
  };
}
