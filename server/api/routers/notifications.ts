import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { NOTIFICATION_KINDS } from "@/server/notifications/kinds";
import { countUnread, listNotifications, markAllRead, markRead } from "@/server/notifications/list-notifications";
import { mailSettingsFromEnv } from "@/server/notifications/mail-settings";
import { listPreferences, setPreference } from "@/server/notifications/preferences";
import { userProcedure } from "./user-procedure";

const kindSchema = z.enum(NOTIFICATION_KINDS);
const notificationIdSchema = z.number({ error: "That notification was not found." }).int().positive().max(Number.MAX_SAFE_INTEGER);

const notificationSchema = z.object({
  id: z.number(),
  kind: kindSchema,
  title: z.string(),
  body: z.string(),
  linkPath: z.string().nullable(),
  createdAt: z.date(),
  read: z.boolean(),
});

export const notificationsRouter = createTRPCRouter({
  /** The bell's badge. */
  unreadCount: userProcedure.output(z.object({ unread: z.number() })).query(async ({ ctx }) => ({ unread: await countUnread(ctx.db, ctx.userId) })),

  /** Newest first; pass the last id seen as `before` for the next page. */
  list: userProcedure
    .input(z.object({ limit: z.number().int().min(1).max(50).default(20), before: notificationIdSchema.optional() }).optional())
    .output(z.object({ notifications: z.array(notificationSchema), unread: z.number() }))
    .query(async ({ ctx, input }) => ({
      notifications: await listNotifications(ctx.db, ctx.userId, { limit: input?.limit ?? 20, before: input?.before }),
      unread: await countUnread(ctx.db, ctx.userId),
    })),

  /** Another user's notification answers NOT_FOUND, exactly like a missing one. */
  markRead: userProcedure
    .input(z.object({ id: notificationIdSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await markRead(ctx.db, ctx.userId, input.id))) throw new TRPCError({ code: "NOT_FOUND", message: "That notification was not found." });
      return { ok: true as const };
    }),

  markAllRead: userProcedure
    .output(z.object({ marked: z.number() }))
    .mutation(async ({ ctx }) => ({ marked: await markAllRead(ctx.db, ctx.userId) })),

  /** Every kind with the user's choice (or its default), and whether this server sends email at all. */
  preferences: userProcedure
    .output(
      z.object({
        emailAvailable: z.boolean(),
        kinds: z.array(z.object({ kind: kindSchema, label: z.string(), description: z.string(), inApp: z.boolean(), email: z.boolean(), dailyDigest: z.boolean() })),
      }),
    )
    .query(async ({ ctx }) => ({ emailAvailable: mailSettingsFromEnv().enabled, kinds: await listPreferences(ctx.db, ctx.userId) })),

  setPreference: userProcedure
    .input(z.object({ kind: kindSchema, inApp: z.boolean(), email: z.boolean(), dailyDigest: z.boolean() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await setPreference(ctx.db, ctx.userId, input.kind, { inApp: input.inApp, email: input.email, dailyDigest: input.dailyDigest });
      return { ok: true as const };
    }),
});
