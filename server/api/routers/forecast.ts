import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { FORECAST_HORIZONS, readCashForecast } from "@/server/finance/cash-forecast";
import { userProcedure } from "./user-procedure";

const pointSchema = z.object({ date: z.string(), balance: z.string() });

const currencyForecastSchema = z.object({
  currency: z.string(),
  startingBalance: z.string(),
  accounts: z.number(),
  points: z.array(pointSchema),
  events: z.array(
    z.object({
      date: z.string(),
      description: z.string(),
      amount: z.string(),
      kind: z.enum(["income", "bill", "card_payment", "loan_payment"]),
      sourceId: z.string(),
    }),
  ),
  lowest: pointSchema,
  endingBalance: z.string(),
});

export const forecastRouter = createTRPCRouter({
  /** The projected balance of the user's cash per currency for the next 30, 60 or 90 days (UTC days). */
  get: userProcedure
    .input(z.object({ days: z.literal(FORECAST_HORIZONS).default(30) }).optional())
    .output(z.object({ today: z.string(), days: z.number(), currencies: z.array(currencyForecastSchema) }))
    .query(async ({ ctx, input }) => {
      const today = new Date().toISOString().slice(0, 10);
      const days = input?.days ?? 30;
      return { today, days, currencies: await readCashForecast(ctx.db, ctx.userId, { today, days }) };
    }),
});
