"use client";

import Link from "next/link";
import { formatSigned } from "@/components/overview/format";
import { EmptyState } from "@/components/shell/empty-state";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { displayBalance, groupAccounts } from "./account-groups";
import styles from "./accounts.module.css";

/** /accounts: every account with its bank and balance, grouped by type. */
export function AccountsView() {
  const accounts = api.accounts.details.useQuery();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Accounts</h1>
          <p className="muted">Balances as your banks last reported them. Credit cards and loans show what you owe.</p>
        </div>
      </div>
      {accounts.isPending ? (
        <section className="card" aria-label="Loading accounts">
          <Skeleton lines={5} label="Loading accounts" />
        </section>
      ) : accounts.error ? (
        <QueryError what="Your accounts" message={accounts.error.message} onRetry={() => void accounts.refetch()} />
      ) : accounts.data.length === 0 ? (
        <section className="card">
          <EmptyState title="No accounts yet" action={<Link href="/settings" className="button primary">Connect a bank</Link>}>
            Connect a bank in Settings; its accounts and balances appear here.
          </EmptyState>
        </section>
      ) : (
        groupAccounts(accounts.data).map((group) => (
          <section key={group.key} className={styles.group} aria-labelledby={`group-${group.key}`}>
            <div className={styles.groupHeader}>
              <h2 id={`group-${group.key}`}>{group.title}</h2>
              <span className="muted">
                {group.accounts.length} {group.accounts.length === 1 ? "account" : "accounts"}
              </span>
            </div>
            <ul className={styles.list}>
              {group.accounts.map((account) => {
                const currency = account.isoCurrencyCode ?? account.unofficialCurrencyCode;
                const balance = displayBalance(account);
                return (
                  <li key={account.id} className={styles.item}>
                    <span className={styles.name}>
                      <Link href={`/accounts/${account.id}`}>{account.name}</Link>
                    </span>
                    <span className={styles.sub}>
                      {account.institutionName ?? "Your bank"} · {account.subtype ?? account.type}
                      {account.mask && ` ••${account.mask}`}
                      {account.itemRemovedAt && (
                        <>
                          {" "}
                          <span className="badge">Disconnected</span>
                        </>
                      )}
                    </span>
                    <span className={styles.balance}>
                      <span className={`${styles.balanceValue} ${balance?.startsWith("-") ? "negative" : ""}`}>
                        {balance === null ? "—" : formatSigned(balance, currency)}
                      </span>
                      {account.availableBalance !== null && account.type !== "loan" && (
                        <span className={styles.balanceNote}>{formatSigned(account.availableBalance, currency)} available</span>
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
    </>
  );
}
