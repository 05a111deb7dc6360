"use client";

import { LazyPlaidLinkLauncher as PlaidLinkLauncher } from "./lazy-plaid-link-launcher";
import { useFinishLink } from "./use-finish-link";
import { useLinkSession } from "./use-link-session";
import styles from "./connections.module.css";

const CONNECT = { kind: "connect" } as const;

/** *Connect a bank*: Link token → Plaid Link → server-side exchange, with every state spelled out. */
export function ConnectBankButton({ label = "Connect a bank", onDone }: { label?: string; onDone?: () => void }) {
  const link = useLinkSession(CONNECT);
  const complete = useFinishLink(CONNECT, { onError: link.setError, onDone });

  const busy = link.phase !== "idle" || complete.isPending;
  const text = complete.isPending ? "Connecting…" : link.phase === "starting" ? "Opening Plaid…" : link.phase === "open" ? "Plaid is open…" : label;

  return (
    <div className={styles.connect}>
      <button type="button" className="button primary" disabled={busy} aria-busy={busy} onClick={() => link.start()}>
        {text}
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
    </div>
  );
}
