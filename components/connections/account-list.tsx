import { formatMoney } from "./format-money";
import type { Account } from "./types";
import styles from "./connections.module.css";

function Balance({ label, amount, currency }: { label: string; amount: string | null; currency: string | null }) {
  if (amount === null) return null;
  return (
    <div className={styles.balance}>
      <dt>{label}</dt>
      <dd>{formatMoney(amount, currency)}</dd>
    </div>
  );
}

export function AccountList({ accounts }: { accounts: Account[] }) {
  if (accounts.length === 0) return <p className="muted">No accounts shared from this bank.</p>;
  return (
    <ul className={styles.accounts}>
      {accounts.map((account) => {
        const currency = account.isoCurrencyCode ?? account.unofficialCurrencyCode;
        return (
          <li key={account.id} className={styles.account}>
            <div>
              <span className={styles.accountName}>{account.name}</span>
              <span className="muted">
                {" "}
                {account.subtype ?? account.type}
                {account.mask && (
                  <>
                    {" "}
                    <span aria-label={`ending in ${account.mask}`}>••{account.mask}</span>
                  </>
                )}
              </span>
            </div>
            <dl className={styles.balances}>
              <Balance label="Current" amount={account.currentBalance} currency={currency} />
              <Balance label="Available" amount={account.availableBalance} currency={currency} />
              <Balance label="Limit" amount={account.creditLimit} currency={currency} />
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
