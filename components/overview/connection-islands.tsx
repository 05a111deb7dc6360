"use client";

import styles from "@/components/connections/connections.module.css";
import { TRPCIsland } from "@/components/trpc/trpc-island";

// The overview renders on the server; these two buttons are its only tRPC users, loaded on click.
const loadConnect = () => import("@/components/connections/connect-bank-button").then((module) => module.ConnectBankButton);
const loadReconnect = () => import("@/components/connections/reconnect-button").then((module) => module.ReconnectButton);

/** *Connect a bank* on the empty overview. */
export function ConnectBankIsland() {
  return (
    <TRPCIsland
      load={loadConnect}
      props={{}}
      placeholder={
        <div className={styles.connect}>
          <button type="button" className="button primary">
            Connect a bank
          </button>
        </div>
      }
    />
  );
}

type Purpose = "reconnect" | "add-accounts" | "grant-access";

/** *Reconnect* / *Add accounts* / *Grant access to …* in an attention banner (update mode). */
export function ReconnectIsland({
  itemId,
  institutionName,
  purpose = "reconnect",
  product,
}: {
  itemId: string;
  institutionName: string;
  purpose?: Purpose;
  product?: string;
}) {
  const [label, aria] =
    purpose === "add-accounts"
      ? ["Add accounts", `Add new accounts from ${institutionName}`]
      : purpose === "grant-access" && product
        ? [`Grant access to ${product}`, `Grant access to ${product} at ${institutionName}`]
        : ["Reconnect", `Reconnect ${institutionName}`];
  return (
    <TRPCIsland
      load={loadReconnect}
      props={{ itemId, institutionName, purpose, product }}
      placeholder={
        <button type="button" className="button primary" aria-label={aria}>
          {label}
        </button>
      }
    />
  );
}
