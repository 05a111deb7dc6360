/**
 * `npm run test:reliability` (part of `npm test`, after `next build`): the production build as two
 * app instances behind a round-robin front, two standalone workers, the emulator and one
 * PostgreSQL, all real processes over real HTTP, put through a duplicate storm, a crash loop, a
 * database outage, Plaid faults, a tenant-isolation sweep and a secret scan. One summary line per
 * scenario; any loss, duplicate, overlap, leak or failed check fails the run.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase } from "@/db/client";
import { signUp } from "@/server/auth/sign-up";
import { signInOverHttp } from "./app-client";
import { recordedExchanges } from "./http-record";
import { startCluster, type Cluster } from "./cluster";
import { emulatorWebhookSigner } from "./emulator-webhook-signer";
import { crashLoop } from "./scenarios/crash-loop";
import { databaseOutage } from "./scenarios/database-outage";
import { duplicateStorm } from "./scenarios/duplicate-storm";
import { plaidFaults } from "./scenarios/plaid-faults";
import { secretScan } from "./scenarios/secret-scan";
import { tenantIsolation } from "./scenarios/tenant-isolation";
import { summaryLine, type ScenarioResult } from "./summary";
import { connectItem, waitForConvergence, type ConnectedItem } from "./truth";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const WATCHDOG_MS = 20 * 60_000;
// Each user has its own password: B sending A's must fail because it is not B's.
const passwordOf = (name: string) => `reliability passphrase of ${name} 0123`;
const US_BANKS: [{ id: string; name: string }, ...{ id: string; name: string }[]] = [
  { id: "ins_109508", name: "First Platypus Bank" },
  { id: "ins_109509", name: "First Gingham Credit Union" },
  { id: "ins_109510", name: "Tattersall Federal Credit Union" },
  { id: "ins_109511", name: "Tartan Bank" },
  { id: "ins_109512", name: "Houndstooth Bank" },
];

const log = (line: string) => console.log(line.startsWith("[reliability]") ? line : `[reliability] ${line}`);

interface SignedInUser {
  id: string;
  email: string;
  cookie: string;
}

async function createUsers(cluster: Cluster, names: [string, string, string, string]): Promise<[SignedInUser, SignedInUser, SignedInUser, SignedInUser]> {
  const handle = createDatabase({ driver: "postgres", url: cluster.databaseUrl, maxConnections: 2 });
  const users: SignedInUser[] = [];
  try {
    for (const name of names) {
      const email = `reliability-${name}-${Date.now()}@example.com`;
      const password = passwordOf(name);
      const created = await signUp(handle.db, { email, password }, { address: null });
      if (!created.ok) throw new Error(`sign-up of ${email}: ${created.message}`);
      users.push({ id: created.user.id, email, cookie: await signInOverHttp(cluster.front.url, email, password) });
    }
  } finally {
    await handle.close();
  }
  const [a, b, c, d] = users;
  if (!a || !b || !c || !d) throw new Error("four users were asked for");
  return [a, b, c, d];
}

async function main(): Promise<number> {
  const started = Date.now();
  if (!existsSync(path.join(REPO, ".next/BUILD_ID"))) {
    console.error("[reliability] no production build in .next: run `next build` first (npm test does).");
    return 1;
  }
  log("starting PostgreSQL, the emulator, two apps and two workers");
  const cluster = await startCluster();
  const stop = () => {
    void cluster.shutdown().finally(() => process.exit(130));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const results: ScenarioResult[] = [];
  try {
    log(`up in ${((Date.now() - started) / 1000).toFixed(1)} s (front ${cluster.front.url}, logs in ${cluster.logDir})`);
    const sign = await emulatorWebhookSigner(cluster.emulatorUrl, cluster.emulatorDataFile);
    const [a, b, c, d] = await createUsers(cluster, ["a", "b", "c", "d"]);
    const aItems: ConnectedItem[] = [];
    const cItems: ConnectedItem[] = [];
    for (const bank of US_BANKS) {
      aItems.push(await connectItem(cluster, a.cookie, bank, "user_good"));
      cItems.push(await connectItem(cluster, c.cookie, bank, "user_good"));
    }
    const [firstBank] = US_BANKS;
    const bItem = await connectItem(cluster, b.cookie, firstBank, "user_good");
    const stormItems = [...aItems, ...cItems];
    const initial = await waitForConvergence(cluster, [...stormItems, bItem].map((item) => item.plaidItemId), 120_000);
    if (!initial.converged) throw new Error(`the first syncs did not converge: ${JSON.stringify(initial)}`);
    log(`11 items connected and synced (${initial.rows} rows) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const report = (result: ScenarioResult) => {
      results.push(result);
      log(summaryLine(result));
    };
    report(await duplicateStorm(cluster, sign, stormItems));
    report(await crashLoop(cluster, () => connectItem(cluster, d.cookie, firstBank, "user_transactions_10k")));
    report(await databaseOutage(cluster, sign, stormItems.slice(0, 4), b.cookie));
    report(await plaidFaults(cluster, stormItems));
    const [aItem] = aItems;
    if (!aItem) throw new Error("user A has no item");
    const [account] = await cluster.sql<{ id: string }[]>`select id::text from plaid_accounts where item_id = ${aItem.id} limit 1`;
    const [transaction] = await cluster.sql<{ id: string }[]>`select plaid_transaction_id as id from plaid_transactions where item_id = ${aItem.id} limit 1`;
    if (!account || !transaction) throw new Error("user A has no account or transaction to point at");
    // A's category and a budget on it, for the budgets procedures (whether or not categories were seeded by the sync).
    const [category] = await cluster.sql<{ id: string }[]>`
      insert into categories (user_id, name) values (${a.id}, 'Isolation probe') returning id::text`;
    const [budget] = category ? await cluster.sql<{ id: string }[]>`
      insert into budgets (user_id, category_id, currency, amount) values (${a.id}, ${category.id}, 'USD', 100) returning id::text` : [];
    if (!category || !budget) throw new Error("could not store A's category and budget");
    const [rule] = await cluster.sql<{ id: string }[]>`
      insert into rules (user_id, position, name, conditions, set_category_id)
      values (${a.id}, 0, 'Isolation probe', ${cluster.sql.json([{ type: "direction", value: "out" }])}, ${category.id}) returning id::text`;
    if (!rule) throw new Error("could not store A's rule");
    const [notification] = await cluster.sql<{ id: string }[]>`
      insert into notifications (user_id, kind, dedupe_key, title, body) values (${a.id}, 'bill_due', 'isolation-probe', 'Isolation probe', 'A''s notification') returning id::text`;
    if (!notification) throw new Error("could not store A's notification");
    // A signed in over HTTP above, so A has a session row.
    const [aSession] = await cluster.sql<{ id: string }[]>`select id::text from user_sessions where user_id = ${a.id} limit 1`;
    if (!aSession) throw new Error("user A has no session row");
    const foreign = { userId: a.id, itemId: aItem.id, accountId: account.id, transactionId: transaction.id, plaidItemId: aItem.plaidItemId, password: passwordOf("a"), usedPublicToken: aItem.publicToken, categoryId: category.id, budgetId: budget.id, ruleId: rule.id, notificationId: notification.id, sessionId: aSession.id };
    report(await tenantIsolation(cluster, foreign, b.cookie));
    report(await secretScan(cluster, b.cookie));
  } catch (error) {
    console.error(`[reliability] harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    results.push({ name: "harness", sent: 0, accepted: 0, rejected: 0, rows: 0, duplicates: 0, lost: 0, overlappingSyncs: 0, notes: [], failures: ["see above"], seconds: 0 });
  } finally {
    process.env.RELIABILITY_KEEP ??= results.some((result) => result.failures.length > 0) ? "1" : "";
    writeFileSync(path.join(cluster.logDir, "http-answers.jsonl"), recordedExchanges.map((exchange) => JSON.stringify(exchange)).join("\n"));
    await cluster.shutdown().catch((error: unknown) => console.error("[reliability] shutdown:", error));
  }

  console.log("\n── reliability summary ──");
  for (const result of results) {
    console.log(summaryLine(result));
    for (const failure of result.failures) console.log(`    ✗ ${failure}`);
  }
  const failed = results.filter((result) => result.failures.length > 0);
  console.log(`[reliability] wall time ${((Date.now() - started) / 1000).toFixed(1)} s; ${failed.length === 0 ? "all scenarios passed" : `${failed.length} scenario(s) failed (logs kept in ${cluster.logDir})`}`);
  return failed.length === 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  console.error(`[reliability] still running after ${WATCHDOG_MS / 60_000} min: giving up`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("[reliability] failed:", error);
    process.exit(1);
  },
);
