"use client";

import { LazyPlaidLinkLauncher as PlaidLinkLauncher } from "./lazy-plaid-link-launcher";
import { useFinishLink } from "./use-finish-link";
import { useLinkSession } from "./use-link-session";

const LABELS = {
  reconnect: { idle: "Reconnect", pending: "Reconnecting…", aria: "Reconnect" },
  "add-accounts": { idle: "Add accounts", pending: "Adding accounts…", aria: "Add new accounts from" },
  "grant-access": { idle: "Grant access", pending: "Granting access…", aria: "Grant access at" },
} as const;

/**
 * Update mode: for an item whose bank wants a new sign-in, or (`purpose="add-accounts"`) to share
 * accounts the bank added, or (`purpose="grant-access"`, with `product`) to give a permission the
 * user withheld at an OAuth bank (Plaid's ACCESS_NOT_GRANTED; update mode is Plaid's fix). Link's public token is deliberately ignored: the item keeps its access
 * token, and the server re-reads the item's health and accounts instead.
 */
export function ReconnectButton({
  itemId,
  institutionName,
  purpose = "reconnect",
  product,
  onDone,
}: {
  itemId: string;
  institutionName: string;
  purpose?: keyof typeof LABELS;
  /** For `grant-access`: what the permission is for, e.g. "transactions". */
  product?: string;
  onDone?: () => void;
}) {
  const labels = LABELS[purpose];
  const idle = purpose === "grant-access" && product ? `Grant access to ${product}` : labels.idle;
  const mode = { kind: "update", itemId, institutionName, addAccounts: purpose === "add-accounts" } as const;
  const link = useLinkSession(mode);
  const complete = useFinishLink(mode, { onError: link.setError, onDone });
  const busy = link.phase !== "idle" || complete.isPending;

  return (
    <>
      <button
        type="button"
        className="button primary"
        disabled={busy}
        aria-busy={busy}
        aria-label={purpose === "grant-access" && product ? `${idle} at ${institutionName}` : `${labels.aria} ${institutionName}`}
        onClick={link.start}
      >
        {complete.isPending ? labels.pending : idle}
      </button>
      {link.token && (
        <PlaidLinkLauncher
          key={link.token}
          token={link.token}
          onSuccess={(publicToken, metadata) => {
            link.finish();
            complete.finish(publicToken, metadata);
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
