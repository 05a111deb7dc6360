"use client";

import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";

/** Asks the bank for live balances; a sign-in failure turns the card into *Reconnect*. */
export function RefreshBalancesButton({ itemId, institutionName }: { itemId: string; institutionName: string }) {
  const utils = api.useUtils();
  const toast = useToast();
  const refresh = api.accounts.refreshBalances.useMutation({
    onSuccess: () => toast(`Balances for ${institutionName} are up to date.`),
    // Balances feed the overview and the Accounts pages too.
    onSettled: () => void utils.invalidate(),
  });
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={refresh.isPending}
        aria-busy={refresh.isPending}
        aria-label={`Refresh balances for ${institutionName}`}
        onClick={() => refresh.mutate({ itemId })}
      >
        {refresh.isPending ? "Refreshing…" : "Refresh balances"}
      </button>
      {refresh.error && (
        <p role="alert" className="form-error">
          {refresh.error.message}
        </p>
      )}
    </>
  );
}
