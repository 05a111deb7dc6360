import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { wakeWorkers } from "@/server/jobs/wake-workers";
import { listSyncStatus } from "@/server/finance/list-sync-status";
import { requestSync } from "@/server/plaid/request-sync";
import { hitRateLimit } from "@/server/rate-limit";
import { connectionNotFound } from "./plaid-procedure";
import { userProcedure } from "./user-procedure";

// Each press costs Plaid calls; webhooks keep items fresh anyway, so a few per minute is plenty.
const SYNC_NOW_RULE = { limit: 3, windowMs: 60_000 };

export const syncRouter = createTRPCRouter({
  /** Per-connection sync state, polled by the dashboard to notice webhook-driven syncs. */
  status: userProcedure.query(({ ctx }) => listSyncStatus(ctx.db, ctx.userId)),

  /** *Sync now*: queue a refresh and a sync of one of the user's connections. */
  syncNow: userProcedure.input(z.object({ itemId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const { userId } = ctx;
    const limited = await hitRateLimit(ctx.db, `sync-now:${userId}:${input.itemId}`, SYNC_NOW_RULE);
    if (!limited.allowed) {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Already syncing. Try again in ${limited.retryAfterSeconds} s.` });
    }
    if (!(await requestSync(ctx.db, { userId, itemId: input.itemId }))) throw connectionNotFound();
    wakeWorkers();
    return { queued: true as const };
  }),
});
