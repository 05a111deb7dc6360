import { z } from "zod";

// Only the fields the app stores, parsed leniently (Plaid may add fields; nullable ones may be
// missing from an emulator or a proxy). Accounts are taken as the plaid client types them.
export const syncedTransactionSchema = z.object({
  transaction_id: z.string().min(1),
  account_id: z.string().min(1),
  amount: z.number(),
  iso_currency_code: z.string().nullish(),
  unofficial_currency_code: z.string().nullish(),
  date: z.iso.date(),
  authorized_date: z.iso.date().nullish(),
  name: z.string().nullish(),
  merchant_name: z.string().nullish(),
  personal_finance_category: z
    .object({ primary: z.string().nullish(), detailed: z.string().nullish(), confidence_level: z.string().nullish() })
    .nullish(),
  pending: z.boolean(),
  pending_transaction_id: z.string().nullish(),
  payment_channel: z.string().nullish(),
});
export type SyncedTransaction = z.infer<typeof syncedTransactionSchema>;

export const syncPageSchema = z.object({
  added: z.array(syncedTransactionSchema),
  modified: z.array(syncedTransactionSchema),
  removed: z.array(z.object({ transaction_id: z.string().min(1) })),
  next_cursor: z.string(),
  has_more: z.boolean(),
  transactions_update_status: z.string().nullish(),
});
export type SyncPage = z.infer<typeof syncPageSchema>;
