import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, plaidItems, rateLimits } from "@/db/schema";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";
import { APP_ORIGIN, createTrpcHttpKit, type TrpcHttpKit } from "./testing/trpc-http-kit";

const EVIL = "https://evil.example";

// What a cross-site page can send without a CORS preflight: an HTML form's bodies.
function formBodies(fields: Record<string, string>): [string, () => { body: BodyInit; headers: Record<string, string> }][] {
  return [
    [
      "multipart/form-data",
      () => {
        const form = new FormData();
        for (const [key, value] of Object.entries(fields)) form.set(key, value);
        return { body: form, headers: {} };
      },
    ],
    ["application/x-www-form-urlencoded", () => ({ body: new URLSearchParams(fields), headers: {} })],
    ["text/plain", () => ({ body: JSON.stringify({ json: fields }), headers: { "content-type": "text/plain" } })],
  ];
}

describe("the tRPC endpoint refuses cross-site and non-JSON mutations", { timeout: 60_000 }, () => {
  let h: PlaidHarness;
  let api: TrpcHttpKit;
  let itemId: string;

  beforeAll(async () => {
    h = await createPlaidHarness();
    const user = await h.createUser();
    api = createTrpcHttpKit({ db: h.handle.db, user, plaid: h.deps });
    const metadata = { institution: { institution_id: FIRST_PLATYPUS.id, name: FIRST_PLATYPUS.name }, accounts: [] };
    const connected = await h.caller(user).plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata });
    if (connected.status !== "connected") throw new Error("expected a new connection");
    itemId = connected.item.id;
  }, 120_000);
  afterAll(() => h.close(), 60_000);

  /** Everything these mutations could change: rate-limit counters, jobs, the item. */
  async function footprint() {
    const [limits] = await h.handle.db.select({ n: count() }).from(rateLimits);
    const [queued] = await h.handle.db.select({ n: count() }).from(jobs);
    const [item] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    return { rateLimits: limits?.n, jobs: queued?.n, item };
  }

  // createLinkToken takes an optional input, so tRPC would run it with a FormData or a byte
  // stream as its input; items.remove and sync.syncNow are the destructive ones.
  const targets: [string, Record<string, string>][] = [
    ["plaid.createLinkToken", {}],
    ["items.remove", { itemId: "ITEM", keepData: "false" }],
    ["sync.syncNow", { itemId: "ITEM" }],
  ];

  it("answers 403 to a form POST from another site (Origin: https://evil.example) and changes nothing", async () => {
    const before = await footprint();
    for (const [path, rawFields] of targets) {
      const fields = Object.fromEntries(Object.entries(rawFields).map(([key, value]) => [key, value.replace("ITEM", itemId)]));
      for (const [kind, body] of formBodies(fields)) {
        const sites: Record<string, string>[] = [{ origin: EVIL }, { origin: EVIL, "sec-fetch-site": "cross-site" }];
        for (const site of sites) {
          const { body: formBody, headers } = body();
          const response = await api.post(path, { body: formBody, headers: { ...headers, ...site } });
          expect({ path, kind, site, status: response.status }).toEqual({ path, kind, site, status: 403 });
        }
      }
    }
    expect(await footprint()).toEqual(before);
  });

  it("answers 403 to JSON from a sibling subdomain or another site", async () => {
    const before = await footprint();
    const json = JSON.stringify({ json: { itemId, keepData: false } });
    const sites: Record<string, string>[] = [{ "sec-fetch-site": "same-site", origin: "https://other.ledgerlink.example" }, { origin: EVIL }, { origin: "null" }];
    for (const site of sites) {
      const response = await api.post("items.remove", { body: json, headers: { "content-type": "application/json", ...site } });
      expect({ site, status: response.status }).toEqual({ site, status: 403 });
    }
    expect(await footprint()).toEqual(before);
  });

  it("answers 415 to a multipart or byte-stream POST even without Origin, before tRPC runs it", async () => {
    const before = await footprint();
    const form = new FormData();
    form.set("anything", "1");
    const multipart = await api.post("plaid.createLinkToken", { body: form });
    const bytes = await api.post("plaid.createLinkToken", { body: new Uint8Array([1, 2, 3]), headers: { "content-type": "application/octet-stream" } });
    expect([multipart.status, bytes.status]).toEqual([415, 415]);
    expect(await footprint()).toEqual(before);
  });

  it("still runs a same-origin JSON mutation, and JSON without any browser headers (server to server)", async () => {
    const sameOrigin = await api.mutate("plaid.createLinkToken");
    expect(sameOrigin.status).toBe(200);
    const byHost = await api.post("sync.syncNow", {
      body: JSON.stringify({ json: { itemId } }),
      headers: { "content-type": "application/json", origin: APP_ORIGIN.replace("https:", "http:") },
    });
    expect(byHost.status).toBe(200);
    const noBrowser = await api.post("plaid.createLinkToken", { body: JSON.stringify({ json: {} }), headers: { "content-type": "application/json" } });
    expect(noBrowser.status).toBe(200);
    const [limits] = await h.handle.db.select({ n: count() }).from(rateLimits);
    expect(limits?.n).toBeGreaterThan(0);
  });

  it("leaves queries (GET) to tRPC", async () => {
    const response = await api.query("items.list");
    expect(response.status).toBe(200);
  });
});
