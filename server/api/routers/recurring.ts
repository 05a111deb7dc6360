import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { readRecurring } from "@/server/finance/recurring";
import { userProcedure } from "./user-procedure";

const itemRefSchema = z.object({ itemId: z.string(), institutionName: z.string().nullable() });

export const recurringStreamSchema = z.object({
  streamId: z.string(),
  itemId: z.string(),
  institutionName: z.string().nullable(),
  plaidAccountId: z.string(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  direction: z.enum(["inflow", "outflow"]),
  description: z.string(),
  merchantName: z.string().nullable(),
  categoryPrimary: z.string().nullable(),
  categoryName: z.string().nullable(),
  categoryDetailed: z.string().nullable(),
  frequency: z.string(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  predictedNextDate: z.string().nullable(),
  averageAmount: z.string(),
  lastAmount: z.string(),
  monthlyAmount: z.string(),
  currency: z.string().nullable(),
  isActive: z.boolean(),
  status: z.string(),
  updatedAt: z.date(),
});

const recurringOverviewSchema = z.object({
  outflows: z.array(recurringStreamSchema),
  inflows: z.array(recurringStreamSchema),
  tombstoned: z.array(recurringStreamSchema),
  monthlyOutflowTotal: z.array(z.object({ currency: z.string().nullable(), amount: z.string() })),
  unavailable: z.array(itemRefSchema.extend({ reason: z.string() })),
  pendingHistory: z.array(itemRefSchema),
});

export const recurringRouter = createTRPCRouter({
  /** Bills, subscriptions and income Plaid found in the user's history, with a monthly total per currency. */
  list: userProcedure.output(recurringOverviewSchema).query(({ ctx }) => readRecurring(ctx.db, ctx.userId)),
});
