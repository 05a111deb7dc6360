"use client";

import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import { LazyPlaidLinkLauncher as PlaidLinkLauncher } from "./lazy-plaid-link-launcher";
import { useLinkSession } from "./use-link-session";

const LABELS = {
  reconnect: { idle: "Reconnect", pending: "Reconnecting…", aria: "Reconnect" },
  "add-accounts": { idle: "Add accounts", pending: "Adding accounts…", aria: "Add new accounts from" },
} as const;

/**
 * Update mode: for an item whose bank wants a new sign-in, or (`purpose="add-accounts"`) to share
 * accounts the bank added. Link's public token is deliberately ignored: the item keeps its access
 * token, and the server re-reads the item's health and accounts instead.
 */
export function ReconnectButton({
  itemId,
  institutionName,
  purpose = "reconnect",
}: {
  itemId: string;
  institutionName: string;
  purpose?: keyof typeof LABELS;
}) {
  const labels = LABELS[purpose];
  const link = useLinkSession(itemId, { addAccounts: purpose === "add-accounts" });
  const utils = api.useUtils();
  const toast = useToast();
  const complete = api.plaid.completeUpdate.useMutation({
    onSuccess: () => {
      toast(purpose === "add-accounts" ? `New accounts from ${institutionName} are added.` : `${institutionName} is reconnected.`);
      void utils.invalidate();
    },
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
        aria-label={`${labels.aria} ${institutionName}`}
        onClick={link.start}
      >
        {complete.isPending ? labels.pending : labels.idle}
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
