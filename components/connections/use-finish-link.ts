"use client";

import type { PlaidLinkOnSuccessMetadata } from "react-plaid-link";
import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import type { LinkMode } from "./link-resume";

/** Only what the server reads from Link's metadata; the rest stays in the browser. */
function toExchangeMetadata(metadata: PlaidLinkOnSuccessMetadata) {
  return {
    institution: metadata.institution ? { institution_id: metadata.institution.institution_id, name: metadata.institution.name } : null,
    accounts: metadata.accounts.map((account) => ({
      id: account.id,
      name: account.name,
      mask: account.mask,
      type: account.type,
      subtype: account.subtype ?? null,
    })),
    link_session_id: metadata.link_session_id,
  };
}

/**
 * What Link's onSuccess leads to, the same from a button or from /oauth-return: a new bank's
 * public token is exchanged; update mode never exchanges (the item keeps its access token) and
 * asks the server to re-read the item instead. Each ends in a toast; `onDone` runs after it.
 */
export function useFinishLink(mode: LinkMode, handlers: { onError: (message: string) => void; onDone?: () => void }) {
  const utils = api.useUtils();
  const toast = useToast();
  const exchange = api.plaid.exchangePublicToken.useMutation({
    // Not async: the button must leave "Connecting…" as the result shows, not after the refetch.
    onSuccess: (result) => {
      if (result.status === "connected") {
        // The new card replaces "No banks connected yet" in the same render as the message.
        utils.items.list.setData(undefined, (items) => (items && !items.some((item) => item.id === result.item.id) ? [...items, result.item] : items));
        toast(`${result.item.institutionName ?? "Your bank"} is connected. Importing its transactions…`);
      } else {
        // A refusal is not a success: it gets the warning style.
        toast(result.message, "warning");
      }
      void utils.invalidate();
      handlers.onDone?.();
    },
    onError: (error) => handlers.onError(error.message),
  });
  const completeUpdate = api.plaid.completeUpdate.useMutation({
    onSuccess: () => {
      if (mode.kind === "update") {
        toast(mode.addAccounts ? `New accounts from ${mode.institutionName} are added.` : `${mode.institutionName} is reconnected.`);
      }
      void utils.invalidate();
      handlers.onDone?.();
    },
    onError: (error) => handlers.onError(error.message),
  });

  const finish = (publicToken: string | null, metadata: PlaidLinkOnSuccessMetadata) => {
    if (mode.kind === "update") return completeUpdate.mutate({ itemId: mode.itemId });
    if (!publicToken) return handlers.onError("Plaid did not return a connection. Please try again.");
    exchange.mutate({ publicToken, metadata: toExchangeMetadata(metadata) });
  };
  return { finish, isPending: exchange.isPending || completeUpdate.isPending };
}
