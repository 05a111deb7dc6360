"use client";

import Link from "next/link";
import { formatSigned } from "@/components/overview/format";
import { TransactionList } from "@/components/overview/transaction-list";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { displayBalance, isDebt } from "./account-groups";
import { BalanceHistoryCard } from "./balance-history-card";
import { IdentityPanel } from "./identity-panel";
import { LiabilityCard } from "./liability-card";
import styles from "./accounts.module.css";

const formatWhen = (date: Date) => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);

/** /accounts/[id]: balances, their history, recent transactions and (on demand) the owners. */
export function AccountDetailView({ accountId }: { accountId: string }) {
  const account = api.accounts.get.useQuery({ accountId }, { retry: (count, error) => error.data?.code !== "NOT_FOUND" && count < 2 });
  const transactions = api.transactions.list.useQuery({ limit: 10, accountId }, { staleTime: 0 });

  if (account.isPending) {
    return (
      <section className="card" aria-label="Loading account">
        <Skeleton lines={4} label="Loading account" />
      </section>
    );
  }
  if (account.error) {
    if (account.error.data?.code === "NOT_FOUND") {
      return (
        <section className="card">
          <h1>Account not found</h1>
          <p className="muted">It may belong to a bank you removed.</p>
          <Link href="/accounts" className="button">
            Back to accounts
          </Link>
        </section>
      );
    }
    return <QueryError what="This account" message={account.error.message} onRetry={() => void account.refetch()} />;
  }
  const data = account.data;
  const currency = data.isoCurrencyCode ?? data.unofficialCurrencyCode;
  const balance = displayBalance(data);
  const disconnected = data.itemRemovedAt !== null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/accounts">Accounts</Link> / <span aria-current="page">{data.name}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>{data.name}</h1>
          <p className="muted">
            {data.institutionName ?? "Your bank"} · {data.subtype ?? data.type}
            {data.mask && ` ••${data.mask}`}
            {data.officialName && data.officialName !== data.name && ` · ${data.officialName}`}
          </p>
        </div>
        {disconnected && <span className="badge">Disconnected: data kept, no longer updated</span>}
      </div>
      <section className="card" aria-labelledby="balances-heading">
        <h2 id="balances-heading">Balances</h2>
        <dl className={styles.facts}>
          <div>
            <dt>{isDebt(data.type) ? "Owed" : "Current"}</dt>
            <dd className={balance?.startsWith("-") ? "negative" : undefined}>{balance === null ? "—" : formatSigned(balance, currency)}</dd>
          </div>
          {data.availableBalance !== null && (
            <div>
              <dt>{data.type === "credit" ? "Available credit" : "Available"}</dt>
              <dd>{formatSigned(data.availableBalance, currency)}</dd>
            </div>
          )}
          {data.creditLimit !== null && (
            <div>
              <dt>Limit</dt>
              <dd>{formatSigned(data.creditLimit, currency)}</dd>
            </div>
          )}
          <div>
            <dt>Updated</dt>
            <dd style={{ fontSize: "var(--font-md)" }}>{data.balanceUpdatedAt ? formatWhen(data.balanceUpdatedAt) : "Never"}</dd>
          </div>
        </dl>
      </section>
      <LiabilityCard accountId={accountId} accountType={data.type} />
      <BalanceHistoryCard accountId={accountId} currency={currency} debt={isDebt(data.type)} />
      <section className="card" aria-labelledby="account-transactions-heading">
        <div className="section-header">
          <h2 id="account-transactions-heading">Recent transactions</h2>
          <Link href={`/transactions?account=${accountId}`}>All transactions of this account</Link>
        </div>
        {transactions.isPending ? (
          <Skeleton lines={4} label="Loading transactions" />
        ) : transactions.error ? (
          <QueryError what="Transactions" message={transactions.error.message} onRetry={() => void transactions.refetch()} />
        ) : transactions.data.items.length === 0 ? (
          <p className="muted">No transactions in this account yet.</p>
        ) : (
          <TransactionList transactions={transactions.data.items} showAccount={false} />
        )}
      </section>
      {!disconnected && data.itemStatus !== "revoked" && <IdentityPanel itemId={data.itemId} plaidAccountId={data.plaidAccountId} />}
    </>
  );
}
