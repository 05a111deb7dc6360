import Link from "next/link";
import { ACCOUNT_GROUPS, displayBalance, groupAccounts } from "@/components/accounts/account-groups";
import type { RouterOutputs } from "@/components/trpc/react";
import { formatSigned } from "./format";
import styles from "./overview.module.css";

/** The overview's accounts, grouped by type, each linking to its page (rendered on the server). */
export function AccountsByType({ accounts }: { accounts: RouterOutputs["accounts"]["details"] }) {
  return (
    <section className="card" aria-labelledby="accounts-heading">
      <div className="section-header">
        <h2 id="accounts-heading">Accounts</h2>
        <Link href="/accounts">All accounts</Link>
      </div>
      {accounts.length === 0 ? (
        <p className="muted">No accounts shared yet.</p>
      ) : (
        groupAccounts(accounts).map((group) => (
          <div key={group.key}>
            <h3 className={styles.groupTitle}>{ACCOUNT_GROUPS.find((entry) => entry.key === group.key)?.title}</h3>
            <ul className={styles.list}>
              {group.accounts.map((account) => {
                const currency = account.isoCurrencyCode ?? account.unofficialCurrencyCode;
                const balance = displayBalance(account);
                return (
                  <li key={account.id} className={styles.row}>
                    <span className={styles.rowTitle}>
                      <Link href={`/accounts/${account.id}`}>{account.name}</Link>
                    </span>
                    <span className={styles.rowSub}>
                      {account.institutionName ?? "Your bank"}
                      {account.mask && ` ••${account.mask}`}
                      {account.itemRemovedAt && " · Disconnected"}
                    </span>
                    <span className={`${styles.rowAmount} ${balance?.startsWith("-") ? "negative" : ""}`}>
                      {balance === null ? "—" : formatSigned(balance, currency)}
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
