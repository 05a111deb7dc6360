import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { readOverview } from "@/server/finance/overview";
import { userProcedure } from "./user-procedure";

const money = z.string();
const itemRef = z.object({ itemId: z.string(), institutionName: z.string().nullable() });

const overviewSchema = z.object({
  thisMonth: z.string(),
  lastMonth: z.string(),
  netWorth: z.array(z.object({ currency: z.string().nullable(), assets: money, debts: money, net: money })),
  cashFlow: z.array(
    z.object({
      currency: z.string().nullable(),
      months: z.array(z.object({ month: z.string(), spending: money, income: money })),
      pending: z.object({ spending: money, income: money }),
    }),
  ),
  categories: z.array(z.object({ currency: z.string().nullable(), categoryId: z.string().nullable(), category: z.string().nullable(), amount: money })),
  importState: z.object({ importing: z.array(itemRef), historyArriving: z.array(itemRef) }),
});

export const overviewRouter = createTRPCRouter({
  /** Net worth, this month against last, spending by category and 12 months of cash flow. */
  get: userProcedure.output(overviewSchema).query(({ ctx }) => readOverview(ctx.db, ctx.userId, new Date())),
});
