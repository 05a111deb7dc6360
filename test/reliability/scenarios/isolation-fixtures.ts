/**
 * For every tRPC procedure and every route handler: what user B sends carrying user A's ids, and
 * what B may get back. The suite walks the router and the app folder and fails on any procedure or
 * route without an entry here, so a new one cannot slip past by being forgotten.
 *
 * - `denied`: must answer NOT_FOUND or FORBIDDEN.
 * - `scoped`: takes no foreign id, or filters by one: may succeed, with none of A's data (and the
 *   `empty` check, where given).
 * - `refused`: an error of whatever kind (a wrong password, a public token that is not B's); never success.
 */
export interface ForeignIds {
  itemId: string;
  accountId: string;
  transactionId: string;
  plaidItemId: string;
  password: string;
  usedPublicToken: string;
  /** One of A's categories and a budget of A's on it. */
  categoryId: string;
  budgetId: string;
  /** One of A's rules (on A's category). */
  ruleId: string;
  /** One of A's notifications (a bigint id, as text). */
  notificationId: string;
  /** A's user id (the unsubscribe route's forged token names it). */
  userId: string;
  /** One of A's signed-in sessions (a user_sessions id). */
  sessionId: string;
}

export type Expectation = "denied" | "scoped" | "refused";

export interface ProcedureFixture {
  input: (a: ForeignIds) => unknown;
  expect: Expectation;
  /** For `scoped` answers: true when the answer holds nothing (e.g. a count of 0). */
  empty?: (data: unknown) => boolean;
}

const rows = (data: unknown): unknown[] => {
  if (Array.isArray(data)) return data;
  const record = data as Record<string, unknown> | null;
  const list = record?.items ?? record?.rows ?? record?.transactions;
  return Array.isArray(list) ? list : [];
};

export const procedureFixtures: Record<string, ProcedureFixture> = {
  "viewer.me": { input: () => undefined, expect: "scoped" },
  "account.changePassword": { input: (a) => ({ currentPassword: a.password, newPassword: "an entirely new passphrase 42" }), expect: "refused" },
  "account.delete": { input: (a) => ({ password: a.password }), expect: "refused" },
  "plaid.createLinkToken": { input: (a) => ({ itemId: a.itemId }), expect: "denied" },
  "plaid.exchangePublicToken": {
    input: (a) => ({ publicToken: a.usedPublicToken, metadata: { institution: { institution_id: "ins_109508", name: "First Platypus Bank" }, accounts: [] } }),
    expect: "refused",
  },
  "plaid.completeUpdate": { input: (a) => ({ itemId: a.itemId }), expect: "denied" },
  "items.list": { input: () => undefined, expect: "scoped" },
  "items.remove": { input: (a) => ({ itemId: a.itemId, keepData: false }), expect: "denied" },
  "accounts.details": { input: () => undefined, expect: "scoped" },
  "accounts.get": { input: (a) => ({ accountId: a.accountId }), expect: "denied" },
  "accounts.balanceHistory": {
    input: (a) => ({ accountId: a.accountId, days: 30 }),
    expect: "scoped",
    empty: (data) => Array.isArray(data) && data.every((point) => (point as { current: unknown; available: unknown }).current === null && (point as { available: unknown }).available === null),
  },
  "accounts.list": { input: () => undefined, expect: "scoped" },
  "accounts.refreshBalances": { input: (a) => ({ itemId: a.itemId }), expect: "denied" },
  "identity.get": { input: (a) => ({ itemId: a.itemId }), expect: "denied" },
  "transactions.list": { input: (a) => ({ limit: 100, accountId: a.accountId }), expect: "scoped", empty: (data) => rows(data).length === 0 },
  "transactions.explore": { input: (a) => ({ filters: { account: a.accountId, sort: "date_desc" }, limit: 100 }), expect: "scoped", empty: (data) => rows(data).length === 0 },
  "transactions.summary": {
    input: (a) => ({ filters: { bank: a.itemId, sort: "date_desc" } }),
    expect: "scoped",
    empty: (data) => Number((data as { count?: unknown } | null)?.count ?? -1) === 0,
  },
  "transactions.accountOptions": { input: () => undefined, expect: "scoped" },
  "sync.status": { input: () => undefined, expect: "scoped" },
  "sync.syncNow": { input: (a) => ({ itemId: a.itemId }), expect: "denied" },
  "overview.get": { input: () => undefined, expect: "scoped" },
  "recurring.list": { input: () => undefined, expect: "scoped" },
  "liabilities.forAccount": { input: (a) => ({ accountId: a.accountId }), expect: "denied" },
  "liabilities.overdue": { input: () => undefined, expect: "scoped" },
  "upcoming.list": { input: () => ({ days: 60 }), expect: "scoped" },
  "budgets.month": { input: () => ({}), expect: "scoped", empty: (data) => (data as { budgets?: unknown[] } | null)?.budgets?.length === 0 },
  "budgets.set": { input: (a) => ({ categoryId: a.categoryId, currency: "USD", amount: "1.00", rollover: true }), expect: "denied" },
  "budgets.update": { input: (a) => ({ budgetId: a.budgetId, amount: "1.00" }), expect: "denied" },
  "budgets.delete": { input: (a) => ({ budgetId: a.budgetId }), expect: "denied" },
  "categories.list": { input: () => undefined, expect: "scoped" },
  "categories.create": { input: () => ({ name: "Probe category" }), expect: "scoped" },
  "categories.rename": { input: (a) => ({ id: a.categoryId, name: "Mine now" }), expect: "denied" },
  "categories.merge": { input: (a) => ({ id: a.categoryId, targetId: a.categoryId }), expect: "denied" },
  "categories.delete": { input: (a) => ({ id: a.categoryId, reassignTo: a.categoryId }), expect: "denied" },
  "transactionEdits.get": { input: (a) => ({ id: a.transactionId }), expect: "denied" },
  "transactionEdits.update": { input: (a) => ({ id: a.transactionId, hidden: true, categoryId: a.categoryId }), expect: "denied" },
  "transactionEdits.bulkUpdate": {
    input: (a) => ({ target: { ids: [a.transactionId] }, hidden: true }),
    expect: "scoped",
    empty: (data) => (data as { updated?: number } | null)?.updated === 0,
  },
  "transactionEdits.countMatching": { input: (a) => ({ filters: { bank: a.itemId, sort: "date_desc" } }), expect: "scoped", empty: (data) => data === 0 },
  "transactionEdits.split": {
    input: (a) => ({ id: a.transactionId, parts: [{ categoryId: a.categoryId, amount: "1.00" }, { categoryId: a.categoryId, amount: "-1.00" }] }),
    expect: "denied",
  },
  "transactionEdits.unsplit": { input: (a) => ({ id: a.transactionId }), expect: "denied" },
  "transactionEdits.notices": { input: () => undefined, expect: "scoped", empty: (data) => rows(data).length === 0 },
  // No notice of A's exists in the walk's fixtures: A's category id stands in for a foreign uuid.
  "transactionEdits.dismissNotice": { input: (a) => ({ id: a.categoryId }), expect: "denied" },
  "rules.list": { input: () => undefined, expect: "scoped", empty: (data) => (data as { rules?: unknown[] } | null)?.rules?.length === 0 },
  "rules.create": {
    input: (a) => ({ name: "Probe", conditions: [{ type: "account", accountId: a.accountId }], actions: { setCategoryId: a.categoryId } }),
    expect: "denied",
  },
  "rules.update": {
    input: (a) => ({ ruleId: a.ruleId, name: "Probe", conditions: [{ type: "direction", value: "out" }], actions: { hide: true } }),
    expect: "denied",
  },
  "rules.setEnabled": { input: (a) => ({ ruleId: a.ruleId, enabled: false }), expect: "denied" },
  "rules.delete": { input: (a) => ({ ruleId: a.ruleId }), expect: "denied" },
  "rules.reorder": { input: (a) => ({ ruleIds: [a.ruleId] }), expect: "denied" },
  "rules.previewConditions": {
    input: (a) => ({ conditions: [{ type: "account", accountId: a.accountId }] }),
    expect: "scoped",
    empty: (data) => (data as { matching?: number } | null)?.matching === 0,
  },
  "rules.previewHistory": { input: () => undefined, expect: "scoped", empty: (data) => (data as { changed?: number } | null)?.changed === 0 },
  "rules.applyToHistory": { input: () => undefined, expect: "scoped", empty: (data) => (data as { changed?: number } | null)?.changed === 0 },
  "rules.previewFromTransaction": { input: (a) => ({ transactionId: a.transactionId, categoryId: a.categoryId }), expect: "denied" },
  "rules.createFromTransaction": { input: (a) => ({ transactionId: a.transactionId, categoryId: a.categoryId }), expect: "denied" },
  // B has a bank of its own here, so B's forecast is not empty; that it counts B's accounts only is
  // proven in server/api/routers/budgets-forecast.int.test.ts.
  "forecast.get": { input: () => ({ days: 90 }), expect: "scoped" },
  "notifications.unreadCount": { input: () => undefined, expect: "scoped" },
  "notifications.list": { input: (a) => ({ before: Number(a.notificationId) + 1 }), expect: "scoped" },
  "notifications.markRead": { input: (a) => ({ id: Number(a.notificationId) }), expect: "denied" },
  "notifications.markAllRead": { input: () => undefined, expect: "scoped" },
  "notifications.preferences": { input: () => undefined, expect: "scoped" },
  "notifications.setPreference": { input: () => ({ kind: "bill_due", inApp: false, email: false, dailyDigest: false }), expect: "scoped" },
  "twoFactor.status": { input: () => undefined, expect: "scoped" },
  "twoFactor.startEnrolment": { input: () => undefined, expect: "scoped" },
  "twoFactor.confirmEnrolment": { input: () => ({ code: "000000" }), expect: "refused" },
  "twoFactor.disable": { input: (a) => ({ password: a.password, code: "000000" }), expect: "refused" },
  "twoFactor.regenerateRecoveryCodes": { input: (a) => ({ password: a.password, code: "000000" }), expect: "refused" },
  "sessions.list": { input: () => undefined, expect: "scoped" },
  "sessions.revoke": { input: (a) => ({ sessionId: a.sessionId }), expect: "denied" },
  "sessions.revokeOthers": { input: () => undefined, expect: "scoped" },
};

/** A request B makes against a route handler with A's ids, and whether the answer is acceptable. */
export interface RouteFixture {
  request: (a: ForeignIds) => { path: string; method?: string; body?: string; headers?: Record<string, string> };
  /** Given status and body; A's markers are checked separately for every route. */
  accept: (status: number, body: string) => boolean;
  describe: string;
}

export const routeFixtures: Record<string, RouteFixture> = {
  "app/api/auth/[...nextauth]/route.ts": {
    request: () => ({ path: "/api/auth/session" }),
    accept: (status) => status === 200,
    describe: "B's session only",
  },
  "app/api/export/transactions/route.ts": {
    request: (a) => ({ path: `/api/export/transactions?bank=${a.itemId}&account=${a.accountId}` }),
    // The header line and no row: A's bank and account match nothing of B's.
    accept: (status, body) => status === 200 && body.trim().split("\n").length === 1,
    describe: "CSV header only",
  },
  "app/api/health/route.ts": { request: () => ({ path: "/api/health" }), accept: (status) => status === 200, describe: "no data" },
  "app/api/health/ready/route.ts": { request: () => ({ path: "/api/health/ready" }), accept: (status) => status === 200, describe: "no data" },
  "app/api/plaid/webhook/route.ts": {
    // B cannot make the app sync A's item by posting an unsigned webhook for it.
    request: (a) => ({
      path: "/api/plaid/webhook",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ webhook_type: "ITEM", webhook_code: "USER_PERMISSION_REVOKED", item_id: a.plaidItemId }),
    }),
    accept: (status) => status === 401,
    describe: "401 without a signature",
  },
  // A session is not the scrape token: not found while METRICS_TOKEN is unset, else unauthorised.
  "app/api/metrics/route.ts": { request: () => ({ path: "/api/metrics" }), accept: (status) => status === 401 || status === 403 || status === 404, describe: "401/403/404" },
  // Unsubscribing needs the signed token from A's email: A's user id with a made-up signature changes nothing.
  "app/api/notifications/unsubscribe/route.ts": {
    request: (a) => ({
      path: `/api/notifications/unsubscribe?token=${Buffer.from(`${a.userId}:bill_due`).toString("base64url")}.${"A".repeat(43)}`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
    accept: (status) => status === 400,
    describe: "400 for a forged token",
  },
  "app/api/trpc/[trpc]/route.ts": { request: () => ({ path: "/api/trpc/viewer.me" }), accept: (status) => status === 200, describe: "every procedure, above" },
  // The page is a shell; its data comes from accounts.get, which must answer NOT_FOUND (above).
  "app/(app)/accounts/[id]/page.tsx": {
    request: (a) => ({ path: `/accounts/${a.accountId}` }),
    accept: (status) => status === 200 || status === 404,
    describe: "the page shell or a 404",
  },
};
