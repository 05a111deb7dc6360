import { z } from "zod";

// /transactions/recurring/get, only the fields we store, parsed leniently (Plaid adds fields and
// frequencies; a nullable field may be missing from an emulator or a proxy).
const streamAmount = z.object({
  amount: z.number().nullish(),
  iso_currency_code: z.string().nullish(),
  unofficial_currency_code: z.string().nullish(),
});

export const transactionStreamSchema = z.object({
  stream_id: z.string().min(1),
  account_id: z.string().min(1),
  description: z.string().nullish(),
  merchant_name: z.string().nullish(),
  personal_finance_category: z.object({ primary: z.string().nullish(), detailed: z.string().nullish() }).nullish(),
  frequency: z.string().nullish(),
  first_date: z.iso.date().nullish(),
  last_date: z.iso.date().nullish(),
  predicted_next_date: z.iso.date().nullish(),
  average_amount: streamAmount,
  last_amount: streamAmount,
  is_active: z.boolean(),
  status: z.string().nullish(),
});
export type TransactionStream = z.infer<typeof transactionStreamSchema>;

export const recurringGetSchema = z.object({
  inflow_streams: z.array(transactionStreamSchema),
  outflow_streams: z.array(transactionStreamSchema),
});
