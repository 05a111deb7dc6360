import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { wakeWorkers } from "@/server/jobs/wake-workers";
import { listSyncStatus } from "@/server/finance/list-sync-status";
import { requestSync } from "@/server/plaid/request-sync";
import { limitPerUser } from "./per-user-limit";
import { connectionNotFound } from "./plaid-procedure";
import { userProcedure } from "./user-procedure";

export const syncRouter = createTRPCRouter({
  /** Per-connection sync state, polled by the dashboard to notice webhook-driven syncs. */
  status: userProcedure.query(({ ctx }) => listSyncStatus(ctx.db, ctx.userId)),

  /** *Sync now*: queue a refresh and a sync of one of the user's connections. */
  syncNow: userProcedure.input(z.object({ itemId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const { userId } = ctx;
    // Per user, not per item: the item id is the caller's to choose, and the key must not be.
    await limitPerUser(ctx.db, userId, "sync-now", (seconds) => `Already syncing. Try again in ${seconds} s.`);
    if (!(await requestSync(ctx.db, { userId, itemId: input.itemId }))) throw connectionNotFound();
    wakeWorkers();
    return { queued: true as const };
  }),
});
