import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { appRouter } from "@/server/api/root";
import { callTrpc } from "../app-client";
import type { Cluster } from "../cluster";
import { recordedFetch } from "../http-record";
import { runScenario } from "../summary";
import { procedureFixtures, routeFixtures, type ForeignIds } from "./isolation-fixtures";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

/** Route handlers, and pages that take an id in their path: each needs a fixture. */
function routeFiles(): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(path.join(REPO, folder), { withFileTypes: true })) {
      const relative = path.posix.join(folder, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name === "route.ts" || (entry.name === "page.tsx" && /\[[^\]]+\]/.test(folder))) found.push(relative);
    }
  };
  walk("app");
  return found.sort();
}

/** Every row of A's in every table with a user_id column, and A's users row: equal before and after. */
async function snapshotOf(cluster: Cluster, userId: string): Promise<string> {
  const tables = await cluster.sql<{ table_name: string }[]>`
    select table_name from information_schema.columns where table_schema = 'public' and column_name = 'user_id' order by table_name`;
  const parts: string[] = [];
  for (const { table_name: table } of tables) {
    const rows = await cluster.sql<{ row: string }[]>`select to_jsonb(t)::text as row from ${cluster.sql(table)} t where user_id = ${userId} order by 1`;
    parts.push(`${table}: ${rows.map((r) => r.row).join("\n")}`);
  }
  const user = await cluster.sql<{ row: string }[]>`select to_jsonb(u)::text as row from users u where id = ${userId}`;
  return [...parts, `users: ${user.map((r) => r.row).join("")}`].join("\n");
}

async function markersOf(cluster: Cluster, userId: string): Promise<string[]> {
  const [user] = await cluster.sql<{ email: string }[]>`select email from users where id = ${userId}`;
  const items = await cluster.sql<{ id: string; plaid_item_id: string }[]>`select id::text, plaid_item_id from plaid_items where user_id = ${userId}`;
  const accounts = await cluster.sql<{ id: string; plaid_account_id: string }[]>`select id::text, plaid_account_id from plaid_accounts where user_id = ${userId}`;
  const transactions = await cluster.sql<{ id: string }[]>`select plaid_transaction_id as id from plaid_transactions where user_id = ${userId}`;
  return [userId, user?.email ?? "", ...items.flatMap((i) => [i.id, i.plaid_item_id]), ...accounts.flatMap((a) => [a.id, a.plaid_account_id]), ...transactions.map((t) => t.id)].filter(Boolean);
}

/**
 * User B calls every procedure of the app router, and every route handler, with user A's ids over
 * HTTP with a real session: not found or forbidden, or B's own (empty) data, never A's data and
 * never a change to A's rows.
 */
export function tenantIsolation(cluster: Cluster, a: { userId: string } & ForeignIds, bCookie: string) {
  return runScenario("tenant isolation", async (result) => {
    const markers = await markersOf(cluster, a.userId);
    const before = await snapshotOf(cluster, a.userId);
    const leaks = (text: string) => markers.filter((marker) => text.includes(marker));
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    const codes = new Map<string, number>();

    for (const [name, procedure] of Object.entries(procedures)) {
      const fixture = procedureFixtures[name];
      if (!fixture) {
        result.failures.push(`procedure ${name} has no isolation fixture (test/reliability/scenarios/isolation-fixtures.ts)`);
        continue;
      }
      const type = procedure._def.type === "mutation" ? "mutation" : "query";
      const answer = await callTrpc(cluster.front.url, name, type, fixture.input(a), bCookie);
      result.sent += 1;
      const verdict = answer.code ?? "OK";
      codes.set(verdict, (codes.get(verdict) ?? 0) + 1);
      const leaked = leaks(answer.text);
      const problems: string[] = [];
      if (leaked.length > 0) problems.push(`answer holds A's ${leaked.slice(0, 3).join(", ")}`);
      if (fixture.expect === "denied" && verdict !== "NOT_FOUND" && verdict !== "FORBIDDEN") problems.push(`answered ${verdict} (want NOT_FOUND or FORBIDDEN)`);
      if (fixture.expect === "refused" && answer.code === null) problems.push("succeeded (want an error)");
      if (fixture.expect === "scoped" && answer.code === null && fixture.empty && !fixture.empty(answer.data)) problems.push(`answered data: ${answer.text.slice(0, 200)}`);
      if (fixture.expect === "scoped" && answer.code !== null && answer.status >= 500) problems.push(`failed with ${answer.status}`);
      if (problems.length > 0) result.failures.push(`${name}: ${problems.join("; ")}`);
      else result.accepted += 1;
    }
    for (const name of Object.keys(procedureFixtures)) if (!(name in procedures)) result.failures.push(`fixture for ${name}, which the router no longer has`);

    const files = routeFiles();
    for (const file of files) {
      const fixture = routeFixtures[file];
      if (!fixture) {
        result.failures.push(`route ${file} has no isolation fixture (test/reliability/scenarios/isolation-fixtures.ts)`);
        continue;
      }
      const request = fixture.request(a);
      const answer = await recordedFetch(`${cluster.front.url}${request.path}`, { method: request.method ?? "GET", body: request.body, headers: { cookie: bCookie, ...request.headers } });
      result.sent += 1;
      // A page may echo the id it was asked for (its URL); anything else of A's is a leak.
      const asked = `${request.path} ${request.body ?? ""}`;
      const leaked = leaks(answer.text).filter((marker) => !asked.includes(marker));
      const problems: string[] = [];
      if (leaked.length > 0) problems.push(`answer holds A's ${leaked.slice(0, 3).join(", ")}`);
      if (!fixture.accept(answer.status, answer.text)) problems.push(`answered ${answer.status} (want ${fixture.describe}): ${answer.text.slice(0, 160)}`);
      if (problems.length > 0) result.failures.push(`${file}: ${problems.join("; ")}`);
      else result.accepted += 1;
    }
    result.rejected = result.sent - result.accepted;

    const after = await snapshotOf(cluster, a.userId);
    const changed = before !== after;
    if (changed) result.failures.push("A's rows changed while B called with A's ids");
    result.notes.push(
      `${Object.keys(procedures).length} procedures, ${files.length} routes/pages`,
      `answers ${[...codes.entries()].map(([code, n]) => `${code} ${n}`).join(", ")}`,
      `A's rows ${changed ? "CHANGED" : "unchanged"} (${before.split("\n").length} lines compared)`,
    );
  });
}
