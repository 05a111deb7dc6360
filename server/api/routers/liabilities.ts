import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { aprSchema, loanTermsSchema } from "@/db/liability-json";
import { createTRPCRouter } from "@/server/api/trpc";
import { listOverdueLiabilities, readAccountLiability } from "@/server/finance/liabilities";
import { userProcedure } from "./user-procedure";

const liabilityKind = z.enum(["credit", "student", "mortgage"]);

const liabilitySchema = z.object({
  accountId: z.string(),
  kind: liabilityKind,
  aprs: z.array(aprSchema),
  interestRatePercentage: z.string().nullable(),
  minimumPayment: z.string().nullable(),
  nextPaymentDueDate: z.string().nullable(),
  lastPaymentAmount: z.string().nullable(),
  lastPaymentDate: z.string().nullable(),
  lastStatementBalance: z.string().nullable(),
  lastStatementDate: z.string().nullable(),
  isOverdue: z.boolean().nullable(),
  loanTerms: loanTermsSchema.nullable(),
  currency: z.string().nullable(),
  updatedAt: z.date(),
});

const overdueSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  mask: z.string().nullable(),
  itemId: z.string(),
  institutionName: z.string().nullable(),
  kind: liabilityKind,
  minimumPayment: z.string().nullable(),
  nextPaymentDueDate: z.string().nullable(),
  currency: z.string().nullable(),
});

export const liabilitiesRouter = createTRPCRouter({
  /** One account's card or loan details; another user's account answers NOT_FOUND, like a missing one. */
  forAccount: userProcedure
    .input(z.object({ accountId: z.uuid() }))
    .output(z.object({ accountId: z.string(), liability: liabilitySchema.nullable(), unavailableReason: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const found = await readAccountLiability(ctx.db, { userId: ctx.userId, accountId: input.accountId });
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "That account was not found." });
      return found;
    }),

  /** Cards and loans the bank reports overdue, for the overview's banner. */
  overdue: userProcedure.output(z.array(overdueSchema)).query(({ ctx }) => listOverdueLiabilities(ctx.db, ctx.userId)),
});
