"use client";

import type { PlaidLinkOnSuccessMetadata } from "react-plaid-link";
import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import { LazyPlaidLinkLauncher as PlaidLinkLauncher } from "./lazy-plaid-link-launcher";
import { useLinkSession } from "./use-link-session";
import styles from "./connections.module.css";

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

/** *Connect a bank*: Link token → Plaid Link → server-side exchange, with every state spelled out. */
export function ConnectBankButton() {
  const link = useLinkSession();
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
    },
    onError: (error) => link.setError(error.message),
  });

  const busy = link.phase !== "idle" || exchange.isPending;
  const label = exchange.isPending ? "Connecting…" : link.phase === "starting" ? "Opening Plaid…" : link.phase === "open" ? "Plaid is open…" : "Connect a bank";

  return (
    <div className={styles.connect}>
      <button
        type="button"
        className="button primary"
        disabled={busy}
        aria-busy={busy}
        onClick={() => link.start()}
      >
        {label}
      </button>
      {link.token && (
        <PlaidLinkLauncher
          key={link.token}
          token={link.token}
          onSuccess={(publicToken, metadata) => {
            link.finish();
            if (!publicToken) return link.setError("Plaid did not return a connection. Please try again.");
            exchange.mutate({ publicToken, metadata: toExchangeMetadata(metadata) });
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
    </div>
  );
}
