import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

// ── Auth.js tables (shape required by @auth/drizzle-adapter) ────────────────────────────────
export const users = pgTable("users", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").notNull().unique(),
  emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
  image: text("image"),
  // argon2id PHC string; null for users who only ever signed in through OAuth.
  passwordHash: text("password_hash"),
  // Part of every session token; bumping it (password change) signs out every other session.
  sessionVersion: integer("session_version").notNull().default(0),
  // Set when account deletion starts: sessions end and new bank connections are refused from then on.
  deletingAt: timestamp("deleting_at", { withTimezone: true, mode: "date" }),
  ...timestamps,
});

export const authAccounts = pgTable(
  "auth_accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<"oauth" | "oidc" | "email" | "webauthn">().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const authSessions = pgTable("auth_sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
});

export const authVerificationTokens = pgTable(
  "auth_verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ── Plaid ───────────────────────────────────────────────────────────────────────────────────
export const itemStatus = pgEnum("item_status", [
  "healthy",
  "login_required",
  "pending_expiration",
  "revoked",
  "error",
]);
export type ItemStatus = (typeof itemStatus.enumValues)[number];

export const syncState = pgEnum("sync_state", ["never", "not_ready", "syncing", "idle", "failed"]);
export type SyncState = (typeof syncState.enumValues)[number];

export const plaidItems = pgTable(
  "plaid_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    plaidItemId: text("plaid_item_id").notNull().unique(),
    institutionId: text("institution_id"),
    institutionName: text("institution_name"),
    // `v1.<keyId>.<iv>.<ciphertext+tag>`, AAD = this row's id (server/crypto/token-vault.ts).
    // Null once the item is removed at Plaid and the user kept its data.
    accessTokenCiphertext: text("access_token_ciphertext"),
    accessTokenKeyId: text("access_token_key_id"),
    status: itemStatus("status").notNull().default("healthy"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    consentExpiresAt: timestamp("consent_expires_at", { withTimezone: true, mode: "date" }),
    // From ITEM/PENDING_DISCONNECT only (/item/get shows nothing for INSTITUTION_MIGRATION): Plaid's
    // reason and disconnect_time. Cleared when update mode completes or /item/get finds a new consent.
    pendingDisconnectReason: text("pending_disconnect_reason"),
    pendingDisconnectAt: timestamp("pending_disconnect_at", { withTimezone: true, mode: "date" }),
    newAccountsAvailable: boolean("new_accounts_available").notNull().default(false),
    // Null until the first sync saves one; always written in the same transaction as its data.
    transactionsCursor: text("transactions_cursor"),
    syncState: syncState("sync_state").notNull().default("never"),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true, mode: "date" }),
    lastSyncAdded: integer("last_sync_added"),
    lastSyncModified: integer("last_sync_modified"),
    lastSyncRemoved: integer("last_sync_removed"),
    lastSyncDurationMs: integer("last_sync_duration_ms"),
    // From SYNC_UPDATES_AVAILABLE: recent days imported, then the full history.
    initialUpdateComplete: boolean("initial_update_complete").notNull().default(false),
    historicalUpdateComplete: boolean("historical_update_complete").notNull().default(false),
    // The per-item sync lease: one sync per item across every worker, held by a row, not by an
    // open transaction or a checked-out connection, so no connection idles across Plaid calls.
    syncLeaseOwner: text("sync_lease_owner"),
    syncLeaseExpiresAt: timestamp("sync_lease_expires_at", { withTimezone: true, mode: "date" }),
    removedAt: timestamp("removed_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [index("plaid_items_user_idx").on(t.userId, t.createdAt)],
);

export const plaidAccounts = pgTable(
  "plaid_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => plaidItems.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    plaidAccountId: text("plaid_account_id").notNull().unique(),
    name: text("name").notNull(),
    officialName: text("official_name"),
    mask: text("mask"),
    type: text("type").notNull(),
    subtype: text("subtype"),
    // Money is numeric, never float; drizzle hands it to TypeScript as a string.
    currentBalance: numeric("current_balance"),
    availableBalance: numeric("available_balance"),
    creditLimit: numeric("credit_limit"),
    isoCurrencyCode: text("iso_currency_code"),
    unofficialCurrencyCode: text("unofficial_currency_code"),
    balanceUpdatedAt: timestamp("balance_updated_at", { withTimezone: true, mode: "date" }),
    // Set by ITEM/USER_ACCOUNT_REVOKED; the item's refresh job then deletes the account's data.
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [index("plaid_accounts_item_idx").on(t.itemId), index("plaid_accounts_user_idx").on(t.userId)],
);

export const plaidTransactions = pgTable(
  "plaid_transactions",
  {
    // Plaid's transaction_id is globally unique and stable across modifications: the natural key
    // for idempotent upserts (one index instead of two on the hot sync path).
    plaidTransactionId: text("plaid_transaction_id").primaryKey(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => plaidItems.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    plaidAccountId: text("plaid_account_id").notNull(),
    amount: numeric("amount").notNull(),
    isoCurrencyCode: text("iso_currency_code"),
    unofficialCurrencyCode: text("unofficial_currency_code"),
    date: date("date", { mode: "string" }).notNull(),
    authorizedDate: date("authorized_date", { mode: "string" }),
    name: text("name").notNull(),
    merchantName: text("merchant_name"),
    categoryPrimary: text("category_primary"),
    categoryDetailed: text("category_detailed"),
    categoryConfidence: text("category_confidence"),
    pending: boolean("pending").notNull().default(false),
    pendingTransactionId: text("pending_transaction_id"),
    paymentChannel: text("payment_channel"),
    ...timestamps,
  },
  (t) => [
    // The dashboard's keyset pagination: newest first per user. NULLS FIRST is what a plain
    // ORDER BY … DESC means; an index with NULLS LAST would not serve it (a full sort instead).
    index("plaid_transactions_user_date_idx").on(t.userId, t.date.desc().nullsFirst(), t.plaidTransactionId.desc().nullsFirst()),
    index("plaid_transactions_account_idx").on(t.plaidAccountId),
    // "Contains" search on name and merchant (ILIKE '%…%'), served by trigrams (migration 0002).
    index("plaid_transactions_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    index("plaid_transactions_merchant_trgm_idx").using("gin", t.merchantName.op("gin_trgm_ops")),
    index("plaid_transactions_item_idx").on(t.itemId),
    // The explorer's amount sort and its keyset (amount, id), both directions (a btree scans
    // backwards as fast as forwards); also serves "4.31" searches (amount in (4.31, -4.31)).
    index("plaid_transactions_user_amount_idx").on(t.userId, t.amount, t.plaidTransactionId),
    // Category search: "food and drink" must find FOOD_AND_DRINK and FOOD_AND_DRINK_COFFEE. The
    // query uses this exact expression (server/finance/transaction-filters.ts).
    index("plaid_transactions_category_trgm_idx").using(
      "gin",
      sql`(lower(replace(coalesce(${t.categoryPrimary}, '') || ' ' || coalesce(${t.categoryDetailed}, ''), '_', ' '))) gin_trgm_ops`,
    ),
  ],
);

// One sync attempt's pages, staged as they arrive so a sync holds one page in memory, not the
// whole history; applied with the cursor in one transaction, which also deletes them. `seq` is
// the stream position (pages in order; within a page upserts, then removals): the last operation
// per transaction id wins. Unlogged (migration 0012): a server crash empties it, and the apply
// counts what it staged, so it then retries instead of saving a cursor without its data.
export const syncStagedTransactions = pgTable(
  "sync_staged_transactions",
  {
    itemId: uuid("item_id")
      .notNull()
      .references(() => plaidItems.id, { onDelete: "cascade" }),
    attempt: uuid("attempt").notNull(),
    seq: integer("seq").notNull(),
    plaidTransactionId: text("plaid_transaction_id").notNull(),
    removed: boolean("removed").notNull(),
    // The columns below are null for a removal.
    plaidAccountId: text("plaid_account_id"),
    amount: numeric("amount"),
    isoCurrencyCode: text("iso_currency_code"),
    unofficialCurrencyCode: text("unofficial_currency_code"),
    date: date("date", { mode: "string" }),
    authorizedDate: date("authorized_date", { mode: "string" }),
    name: text("name"),
    merchantName: text("merchant_name"),
    categoryPrimary: text("category_primary"),
    categoryDetailed: text("category_detailed"),
    categoryConfidence: text("category_confidence"),
    pending: boolean("pending"),
    pendingTransactionId: text("pending_transaction_id"),
    paymentChannel: text("payment_channel"),
    stagedAt: timestamp("staged_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.attempt, t.seq] })],
);

// Per-month sums of plaid_transactions, one row per (user, item, account, month, currency,
// category, pending): the overview's months, categories and cash flow and the explorer's
// unfiltered or month-aligned totals read these few thousand rows instead of a user's every
// transaction. Kept exact by whoever writes plaid_transactions, in the same transaction: the sync's
// apply recomputes the months it touched (server/plaid/sync/refresh-month-totals.ts).
export const transactionMonthTotals = pgTable(
  "transaction_month_totals",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => plaidItems.id, { onDelete: "cascade" }),
    plaidAccountId: text("plaid_account_id").notNull(),
    /** First day of the month. */
    month: date("month", { mode: "string" }).notNull(),
    /** coalesce(iso_currency_code, unofficial_currency_code) */
    currency: text("currency"),
    /**
     * The Plaid primary of the effective category (null for a category the user created), or
     * Plaid's own when there is no effective category: what the transfer rule reads.
     */
    categoryPrimary: text("category_primary"),
    /** The effective category (db/schema/money.ts): overrides, rules, merges and split parts applied; hidden rows left out. */
    categoryId: uuid("category_id"),
    pending: boolean("pending").notNull(),
    count: integer("count").notNull(),
    /** Positive magnitudes, as the read models answer them: sum(-amount) of amount < 0 … */
    moneyIn: numeric("money_in").notNull(),
    /** … and sum(amount) of amount > 0 (Plaid's sign: positive is money out). */
    moneyOut: numeric("money_out").notNull(),
  },
  (t) => [
    // One row per group (null currency and category are groups too); item first, so the
    // maintenance's "this item's touched months" is a range of it.
    unique("transaction_month_totals_group_key")
      .on(t.itemId, t.month, t.plaidAccountId, t.currency, t.categoryPrimary, t.categoryId, t.pending, t.userId)
      .nullsNotDistinct(),
    index("transaction_month_totals_user_month_idx").on(t.userId, t.month),
  ],
);

// ── Recurring streams and liabilities (issue 11) ─────────────────────────────────────────────
// Plaid's /transactions/recurring/get, one row per stream: the item's whole set is replaced in
// one transaction at every fetch, so a stream Plaid stopped reporting disappears with it.
export const recurringStreams = pgTable(
  "recurring_streams",
  {
    // Plaid's stream_id: stable per item, account and kind of payment.
    streamId: text("stream_id").primaryKey(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => plaidItems.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    plaidAccountId: text("plaid_account_id").notNull(),
    direction: text("direction").$type<"inflow" | "outflow">().notNull(),
    description: text("description").notNull(),
    merchantName: text("merchant_name"),
    categoryPrimary: text("category_primary"),
    categoryDetailed: text("category_detailed"),
    // WEEKLY | BIWEEKLY | SEMI_MONTHLY | MONTHLY | ANNUALLY | UNKNOWN (Plaid may add more).
    frequency: text("frequency").notNull(),
    firstDate: date("first_date", { mode: "string" }),
    lastDate: date("last_date", { mode: "string" }),
    predictedNextDate: date("predicted_next_date", { mode: "string" }),
    // Plaid's sign, as in plaid_transactions: positive = money out, so inflows are negative.
    averageAmount: numeric("average_amount").notNull(),
    lastAmount: numeric("last_amount").notNull(),
    isoCurrencyCode: text("iso_currency_code"),
    unofficialCurrencyCode: text("unofficial_currency_code"),
    isActive: boolean("is_active").notNull(),
    // MATURE | EARLY_DETECTION | TOMBSTONED | UNKNOWN.
    status: text("status").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("recurring_streams_user_idx").on(t.userId, t.predictedNextDate), index("recurring_streams_item_idx").on(t.itemId)],
);

// Plaid's /liabilities/get, one row per liability account (credit card, student loan, mortgage).
// Account numbers and servicer references are never stored.
export const accountLiabilities = pgTable(
  "account_liabilities",
  {
    accountId: uuid("account_id")
      .primaryKey()
      .references(() => plaidAccounts.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => plaidItems.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"credit" | "student" | "mortgage">().notNull(),
    // Credit cards: [{ type, percentage, balanceSubjectToApr, interestChargeAmount }], numbers as strings.
    aprs: jsonb("aprs"),
    // Student loans and mortgages.
    interestRatePercentage: numeric("interest_rate_percentage"),
    // A mortgage's next monthly payment; the minimum payment otherwise.
    minimumPayment: numeric("minimum_payment"),
    nextPaymentDueDate: date("next_payment_due_date", { mode: "string" }),
    lastPaymentAmount: numeric("last_payment_amount"),
    lastPaymentDate: date("last_payment_date", { mode: "string" }),
    lastStatementBalance: numeric("last_statement_balance"),
    lastStatementDate: date("last_statement_date", { mode: "string" }),
    isOverdue: boolean("is_overdue"),
    // Loan terms as Plaid describes them (origination, maturity or expected payoff, loan type,
    // status, repayment plan, escrow…), camelCased; money as strings.
    loanTerms: jsonb("loan_terms"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("account_liabilities_user_idx").on(t.userId, t.nextPaymentDueDate), index("account_liabilities_item_idx").on(t.itemId)],
);

// Whether an item's optional data (recurring streams, liabilities) can be had from Plaid, with a
// user-readable reason when not (no consent, not offered by the bank, no such accounts).
export const plaidItemProducts = pgTable(
  "plaid_item_products",
  {
    itemId: uuid("item_id")
      .notNull()
      .references(() => plaidItems.id, { onDelete: "cascade" }),
    // "transactions" only ever records a withheld OAuth permission (ACCESS_NOT_GRANTED).
    product: text("product").$type<"transactions" | "recurring" | "liabilities">().notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Null while available; Plaid's error code and our message when it is not.
    unavailableCode: text("unavailable_code"),
    unavailableReason: text("unavailable_reason"),
    // The last successful fetch; null until one succeeds.
    fetchedAt: timestamp("fetched_at", { withTimezone: true, mode: "date" }),
    checkedAt: timestamp("checked_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.product] }), index("plaid_item_products_user_idx").on(t.userId)],
);

export const webhookOutcome = pgEnum("webhook_outcome", ["queued", "duplicate", "ignored"]);
export type WebhookOutcome = (typeof webhookOutcome.enumValues)[number];

// Every *verified* delivery; forged ones never reach the database.
export const plaidWebhookEvents = pgTable(
  "plaid_webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bodySha256: text("body_sha256").notNull(),
    plaidItemId: text("plaid_item_id"),
    webhookType: text("webhook_type").notNull(),
    webhookCode: text("webhook_code").notNull(),
    payload: jsonb("payload").notNull(),
    outcome: webhookOutcome("outcome").notNull(),
    jobId: bigint("job_id", { mode: "number" }).references(() => jobs.id, { onDelete: "set null" }),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    // One `queued` event per body per job: intake's dedupe of a byte-identical body still queued,
    // settled by this index under concurrency (server/plaid/webhooks/record-webhook.ts).
    uniqueIndex("plaid_webhook_events_queued_body_idx")
      .on(t.bodySha256, t.jobId)
      .where(sql`${t.outcome} = 'queued'`),
    index("plaid_webhook_events_item_idx").on(t.plaidItemId, t.receivedAt),
    // Retention deletes by age.
    index("plaid_webhook_events_received_idx").on(t.receivedAt),
    // Deleting a job sets job_id null here (the foreign key's ON DELETE): without this index every
    // deleted job is a scan of this table.
    index("plaid_webhook_events_job_idx").on(t.jobId),
  ],
);

export const jobState = pgEnum("job_state", ["queued", "running", "succeeded", "failed"]);
export type JobState = (typeof jobState.enumValues)[number];

export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    // What the work is about (e.g. the plaid_items.id); queued jobs coalesce per kind + key.
    key: text("key").notNull(),
    payload: jsonb("payload").notNull().default({}),
    state: jobState("state").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(8),
    runAfter: timestamp("run_after", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lockedAt: timestamp("locked_at", { withTimezone: true, mode: "date" }),
    lockedBy: text("locked_by"),
    // Written by the claiming worker from its own lease and renewed by its heartbeat; the reaper
    // trusts only this, never its own lease setting.
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, mode: "date" }),
    lastError: text("last_error"),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("jobs_queued_kind_key_idx")
      .on(t.kind, t.key)
      .where(sql`${t.state} = 'queued'`),
    index("jobs_claim_idx")
      .on(t.runAfter)
      .where(sql`${t.state} = 'queued'`),
    // The claim's "is this kind + key already running under a live lease?" probe and the reaper's
    // scan: both only look at running jobs, a handful, however much history the table holds. The
    // lease is in the probe's index so the planner never prefers walking every live lease instead.
    index("jobs_running_kind_key_idx")
      .on(t.kind, t.key, t.leaseExpiresAt)
      .where(sql`${t.state} = 'running'`),
    index("jobs_running_lease_idx")
      .on(t.leaseExpiresAt)
      .where(sql`${t.state} = 'running'`),
    // Retention deletes finished jobs by age.
    index("jobs_finished_idx")
      .on(t.finishedAt)
      .where(sql`${t.state} in ('succeeded', 'failed')`),
  ],
);

// Fixed-window counters shared by every app process (sign-in, Link tokens, balance refreshes).
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
    count: integer("count").notNull(),
  },
  // Retention deletes windows that ended long ago.
  (t) => [index("rate_limits_window_idx").on(t.windowStart)],
);

// One balance per account per day, recorded at every balance refresh and sync (the last of the
// day wins); the balance-history chart carries a day with no row forward from the one before.
export const accountBalanceSnapshots = pgTable(
  "account_balance_snapshots",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => plaidAccounts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    currentBalance: numeric("current_balance"),
    availableBalance: numeric("available_balance"),
    creditLimit: numeric("credit_limit"),
    isoCurrencyCode: text("iso_currency_code"),
    unofficialCurrencyCode: text("unofficial_currency_code"),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] }), index("account_balance_snapshots_user_idx").on(t.userId, t.day)],
);

// One row per running job worker (in-process or `npm run worker`), rewritten every few seconds:
// readiness answers 503 when no row is fresh; a worker deletes its row when it stops, and
// retention deletes the rows of workers that died without doing so.
export const workerHeartbeats = pgTable(
  "worker_heartbeats",
  {
    workerId: text("worker_id").primaryKey(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    beatAt: timestamp("beat_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    jobsRunning: integer("jobs_running").notNull().default(0),
  },
  (t) => [index("worker_heartbeats_beat_idx").on(t.beatAt)],
);

// Tables for acting on money (categories, edits, splits, rules, budgets) live in their own file.
export * from "./schema/money";
export * from "./schema/rules";
export * from "./schema/budgets";
export * from "./schema/webhook-keys";
export * from "./schema/notifications";
export * from "./schema/account-security";
