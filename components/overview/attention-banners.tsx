import Link from "next/link";
import { pendingDisconnectNotice, PRODUCT_LABELS } from "@/components/connections/item-notices";
import type { Connection } from "@/components/connections/types";
import { ReconnectIsland as ReconnectButton } from "./connection-islands";
import styles from "./overview.module.css";

const formatDay = (date: Date) => new Intl.DateTimeFormat(undefined, { dateStyle: "long" }).format(date);

/**
 * One banner per connection that needs the user: sign in again, consent expiring, an error, a
 * pending disconnect (reconnect before a date), a withheld permission (grant access), new accounts.
 */
export function AttentionBanners({ items }: { items: Connection[] }) {
  const banners = items
    .filter((item) => item.removedAt === null)
    .flatMap((item) => {
      const name = item.institutionName ?? "Your bank";
      switch (item.status) {
        case "login_required":
          return [
            <div key={item.id} className="banner warn" role="status">
              <p>
                <strong>{name}</strong> needs you to sign in again before it can sync.
              </p>
              <ReconnectButton itemId={item.id} institutionName={name} />
            </div>,
          ];
        case "pending_expiration":
          return [
            <div key={item.id} className="banner warn" role="status">
              <p>
                <strong>{name}</strong>&apos;s access {item.consentExpiresAt ? `expires on ${formatDay(item.consentExpiresAt)}` : "expires soon"}. Reconnect to keep it syncing.
              </p>
              <ReconnectButton itemId={item.id} institutionName={name} />
            </div>,
          ];
        case "error":
        case "revoked":
          return [
            <div key={item.id} className="banner bad" role="status">
              <p>
                <strong>{name}</strong>: {item.errorMessage ?? (item.status === "revoked" ? "access was revoked at the bank." : "the connection has a problem.")}
              </p>
              <Link href="/settings" className="button">
                Manage connections
              </Link>
            </div>,
          ];
        default: {
          const disconnect = pendingDisconnectNotice(item);
          return [
            disconnect && (
              <div key={`${item.id}-disconnect`} className="banner warn" role="status">
                <p>
                  <strong>{disconnect.headline}.</strong> {disconnect.detail}
                </p>
                <ReconnectButton itemId={item.id} institutionName={name} />
              </div>
            ),
            ...item.productsNeedingAccess.map((product) => (
              <div key={`${item.id}-${product}`} className="banner warn" role="status">
                <p>
                  <strong>{name}</strong> did not give Ledgerlink permission to read your {PRODUCT_LABELS[product]}.
                </p>
                <ReconnectButton itemId={item.id} institutionName={name} purpose="grant-access" product={PRODUCT_LABELS[product]} />
              </div>
            )),
            item.newAccountsAvailable && (
              <div key={`${item.id}-accounts`} className="banner info" role="status">
                <p>
                  <strong>{name}</strong> has new accounts you can add.
                </p>
                <ReconnectButton itemId={item.id} institutionName={name} purpose="add-accounts" />
              </div>
            ),
          ].filter((banner) => banner !== null && banner !== false);
        }
      }
    });
  if (banners.length === 0) return null;
  return (
    <section aria-label="Connections that need you" className={styles.banners}>
      {banners}
    </section>
  );
}
