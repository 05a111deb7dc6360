"use client";

import { api } from "@/components/trpc/react";
import { PlaidLinkLauncher } from "./plaid-link-launcher";
import { useLinkSession } from "./use-link-session";

/**
 * Update mode for an item whose bank wants a new sign-in. Link's public token is deliberately
 * ignored: the item keeps its access token, and the server re-reads the item's health instead.
 */
export function ReconnectButton({ itemId, institutionName }: { itemId: string; institutionName: string }) {
  const link = useLinkSession(itemId);
  const utils = api.useUtils();
  const complete = api.plaid.completeUpdate.useMutation({
    onSuccess: () => utils.items.list.invalidate(),
    onError: (error) => link.setError(error.message),
  });
  const busy = link.phase !== "idle" || complete.isPending;

  return (
    <>
      <button
        type="button"
        className="button primary"
        disabled={busy}
        aria-busy={busy}
        aria-label={`Reconnect ${institutionName}`}
        onClick={link.start}
      >
        {complete.isPending ? "Reconnecting…" : "Reconnect"}
      </button>
      {link.token && (
        <PlaidLinkLauncher
          key={link.token}
          token={link.token}
          onSuccess={() => {
            link.finish();
            complete.mutate({ itemId });
          }}
          onExit={(error) => link.exit(error)}
          onLoadError={link.loadFailed}
        />
      )}
      {link.error && (
        <p role="alert" className="form-error">
          {link.error}
        </p>
      )}
    </>
  );
}
