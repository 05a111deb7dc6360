import { z } from "zod";
import { itemStatus, syncState } from "@/db/schema";
import { HISTORY_STATES } from "@/server/finance/history-state";

// Output schemas: tRPC strips every key not listed here, so a token added to a domain object by
// mistake still never leaves the server.

export const itemSummarySchema = z.object({
  id: z.string(),
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
  status: z.enum(itemStatus.enumValues),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  consentExpiresAt: z.date().nullable(),
  newAccountsAvailable: z.boolean(),
  syncState: z.enum(syncState.enumValues),
  lastSyncedAt: z.date().nullable(),
  createdAt: z.date(),
  removedAt: z.date().nullable(),
  historyState: z.enum(HISTORY_STATES),
  pendingDisconnectReason: z.string().nullable(),
  pendingDisconnectAt: z.date().nullable(),
  productsNeedingAccess: z.array(z.enum(["transactions", "recurring", "liabilities"])),
});

export const accountSummarySchema = z.object({
  id: z.string(),
  itemId: z.string(),
  name: z.string(),
  officialName: z.string().nullable(),
  mask: z.string().nullable(),
  type: z.string(),
  subtype: z.string().nullable(),
  currentBalance: z.string().nullable(),
  availableBalance: z.string().nullable(),
  creditLimit: z.string().nullable(),
  isoCurrencyCode: z.string().nullable(),
  unofficialCurrencyCode: z.string().nullable(),
  balanceUpdatedAt: z.date().nullable(),
});

export const itemIdInput = z.object({ itemId: z.uuid() });
