import type { PlaidApi } from "plaid";
import { describe, expect, it } from "vitest";
import { fetchSyncChanges, type SyncPageSink } from "./fetch-sync-changes";
import type { SyncPage } from "./sync-page-schema";

/** A /transactions/sync that answers `pages` pages of one transaction each, a few ms apart. */
function pagedClient(pages: number): PlaidApi {
  const client: Pick<PlaidApi, "transactionsSync"> = {
    transactionsSync: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const n = Number(request.cursor ?? 0);
      const data = {
        added: [{ transaction_id: `t${n}`, account_id: "a", amount: 1, date: "2026-01-01", name: "x", pending: false }],
        modified: [],
        removed: [],
        next_cursor: String(n + 1),
        has_more: n + 1 < pages,
        accounts: [],
      };
      return { data } as unknown as Awaited<ReturnType<PlaidApi["transactionsSync"]>>;
    },
  };
  return client as PlaidApi;
}

describe("fetchSyncChanges", () => {
  it("hands pages to the sink in stream order with at most one write in flight", async () => {
    const seen: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const sink: SyncPageSink = {
      addPage: async (page: SyncPage) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        seen.push(page.added[0]?.transaction_id ?? "?");
        inFlight -= 1;
      },
      restart: async () => {},
    };
    const fetched = await fetchSyncChanges({ client: pagedClient(6), accessToken: "token", cursor: null, sleep: async () => {}, sink });
    expect(fetched).toMatchObject({ ready: true, pages: 6, nextCursor: "6" });
    expect(seen).toEqual(["t0", "t1", "t2", "t3", "t4", "t5"]);
    expect(maxInFlight).toBe(1);
  });

  it("fails with the write's error, and no unhandled rejection, when staging a page fails while the next is fetched", async () => {
    let written = 0;
    const sink: SyncPageSink = {
      addPage: async () => {
        written += 1;
        if (written === 2) throw new Error("disk full");
      },
      restart: async () => {},
    };
    await expect(fetchSyncChanges({ client: pagedClient(6), accessToken: "token", cursor: null, sleep: async () => {}, sink })).rejects.toThrow("disk full");
    expect(written).toBe(2);
  });
});
