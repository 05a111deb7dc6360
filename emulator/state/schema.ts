import { z } from "zod";

// Everything the emulator persists, as zod schemas: the data file is parsed with these on start,
// and the in-memory types are inferred from them, so the two cannot drift apart.
//
// Transactions are not persisted as such: an item stores its generation inputs and the list of
// changes applied since (`ops`), and its data is rebuilt by replaying them. That keeps the data file
// small even with a 100k-transaction item, and replay is exact because every op carries its result.

export const ChannelSchema = z.enum(["online", "in store", "other"]);

/** A compact transaction; rendered to Plaid's shape only when a page is answered. */
export const TxnRecordSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  /** Integer cents; positive = money leaving the account, as Plaid signs amounts. */
  amountCents: z.number().int(),
  currency: z.string(),
  date: z.string(),
  authorizedDate: z.string().nullable(),
  name: z.string(),
  merchantName: z.string().nullable(),
  /** Key into the merchant catalogue (website, entity id, location), or null for custom rows. */
  merchantKey: z.string().nullable(),
  /** Detailed personal finance category, e.g. FOOD_AND_DRINK_COFFEE. */
  category: z.string(),
  channel: ChannelSchema,
  pending: z.boolean(),
  pendingTransactionId: z.string().nullable(),
  /** Recurring kind this row belongs to (payroll, rent …); absent for one-off rows. */
  stream: z.string().optional(),
});
export type TxnRecord = z.infer<typeof TxnRecordSchema>;

export const ItemOpSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("add"), txns: z.array(TxnRecordSchema) }),
  z.object({ type: z.literal("modify"), txn: TxnRecordSchema }),
  z.object({ type: z.literal("remove"), ids: z.array(z.string()) }),
  /** Deterministic background activity: step number + the day it happened. */
  z.object({ type: z.literal("advance"), step: z.number().int(), date: z.string() }),
  /** The older history (beyond the first 30 days) arriving after the initial update. */
  z.object({ type: z.literal("history") }),
]);
export type ItemOp = z.infer<typeof ItemOpSchema>;

export const ItemRecordSchema = z.object({
  itemId: z.string(),
  accessToken: z.string(),
  /** The seed the item's data was generated from (the emulator seed at creation). */
  seed: z.string(),
  /** Creation order; part of the generation key so two items never share data. */
  ordinal: z.number().int(),
  institutionId: z.string(),
  username: z.string(),
  createdAt: z.number(),
  webhook: z.string().nullable(),
  products: z.array(z.string()),
  /** Accounts chosen in Link; null = all of them. */
  selectedAccountIds: z.array(z.string()).nullable(),
  /** When (emulator clock, ms) transactions become ready; null until the public token is exchanged. */
  readyAt: z.number().nullable(),
  ready: z.boolean(),
  exchanged: z.boolean(),
  removed: z.boolean(),
  /** Error code the item is in (ITEM_LOGIN_REQUIRED …), or null when healthy. */
  error: z.string().nullable(),
  consentExpirationTime: z.string().nullable(),
  lastWebhook: z.object({ sentAt: z.string(), code: z.string() }).nullable(),
  lastSuccessfulUpdate: z.string().nullable(),
  advanceSteps: z.number().int(),
  ops: z.array(ItemOpSchema),
  /** Products the user consented to (products, optional, required-if-supported, additional); absent = `products`. */
  consentedProducts: z.array(z.string()).optional(),
  /** The item has the "Plaid Mortgage" account (items linked with liabilities). */
  mortgage: z.boolean().default(false),
  /** Recent days first, older history later (see `historyComplete`); false = all at once. */
  splitHistory: z.boolean().default(false),
  historyComplete: z.boolean().default(true),
  /** When (emulator clock, ms) the older history arrives, while it is still due. */
  historyAt: z.number().nullable().default(null),
  /** Last recurring streams answered/announced, to send RECURRING_TRANSACTIONS_UPDATE only on change. */
  recurringFingerprint: z.string().nullable().default(null),
  recurringUpdatedAt: z.number().nullable().default(null),
  /** Liability fields changed through the control, by account id. */
  liabilityChanges: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** Products whose OAuth permission the user withheld at the bank: ACCESS_NOT_GRANTED until update mode. */
  withheldProducts: z.array(z.string()).default([]),
  /** Accounts the user revoked at the bank (USER_ACCOUNT_REVOKED): no longer listed. */
  revokedAccountIds: z.array(z.string()).default([]),
  /** Set by the pending_disconnect control (PENDING_DISCONNECT), cleared by update mode. */
  pendingDisconnect: z.object({ reason: z.string(), disconnectTime: z.string() }).nullable().default(null),
});
export type ItemRecord = z.infer<typeof ItemRecordSchema>;

export const LinkTokenSchema = z.object({
  token: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  webhook: z.string().nullable(),
  /** Set for update mode: the item whose login Link repairs. */
  itemId: z.string().nullable(),
  countryCodes: z.array(z.string()),
  products: z.array(z.string()),
  clientName: z.string(),
  optionalProducts: z.array(z.string()).default([]),
  requiredIfSupportedProducts: z.array(z.string()).default([]),
  additionalConsentedProducts: z.array(z.string()).default([]),
  /** Where Link sends the user back after an OAuth bank (null: OAuth happens inside Link). */
  redirectUri: z.string().nullable().default(null),
});
export type LinkTokenRecord = z.infer<typeof LinkTokenSchema>;

export const PublicTokenSchema = z.object({
  token: z.string(),
  itemId: z.string(),
  expiresAt: z.number(),
  used: z.boolean(),
  updateMode: z.boolean(),
});
export type PublicTokenRecord = z.infer<typeof PublicTokenSchema>;

export const SigningKeySchema = z.object({
  kid: z.string(),
  privateJwk: z.object({ kty: z.string(), crv: z.string(), x: z.string(), y: z.string(), d: z.string() }),
  createdAt: z.number().int(),
  expiredAt: z.number().int().nullable(),
});
export type SigningKeyRecord = z.infer<typeof SigningKeySchema>;

export const SnapshotSchema = z.object({
  version: z.literal(1),
  itemOrdinal: z.number().int(),
  items: z.array(ItemRecordSchema),
  linkTokens: z.array(LinkTokenSchema),
  publicTokens: z.array(PublicTokenSchema),
  keys: z.array(SigningKeySchema),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;
