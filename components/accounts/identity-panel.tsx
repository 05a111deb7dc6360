"use client";

import { useState } from "react";
import { QueryError } from "@/components/shell/query-error";
import { api } from "@/components/trpc/react";
import { maskEmail, maskName, maskPhone, maskAddress } from "./mask-identity";
import styles from "./accounts.module.css";

/**
 * Account holders as the bank has them, read live from Plaid only when asked (a button, not on
 * page load), masked until revealed, and never stored by Ledgerlink.
 */
export function IdentityPanel({ itemId, plaidAccountId }: { itemId: string; plaidAccountId: string }) {
  const [requested, setRequested] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const identity = api.identity.get.useQuery({ itemId }, { enabled: requested, staleTime: 5 * 60_000, retry: false });
  const owners = identity.data?.find((account) => account.plaidAccountId === plaidAccountId)?.owners ?? [];
  const show = (text: string, mask: (value: string) => string) => (revealed ? text : mask(text));
  return (
    <section className="card" aria-labelledby="identity-heading">
      <div className="section-header">
        <h2 id="identity-heading">Account holders</h2>
        {identity.data && (
          <button type="button" className="button" aria-pressed={revealed} onClick={() => setRevealed((value) => !value)}>
            {revealed ? "Hide details" : "Reveal details"}
          </button>
        )}
      </div>
      <p className="muted">Names and contact details as your bank has them. Fetched from your bank when you ask; Ledgerlink does not store them.</p>
      {!requested ? (
        <button type="button" className="button" onClick={() => setRequested(true)}>
          Show account holders
        </button>
      ) : identity.isPending ? (
        <p className="muted" role="status" aria-busy="true">
          Asking your bank…
        </p>
      ) : identity.error ? (
        <QueryError what="Account holders" message={identity.error.message} onRetry={() => void identity.refetch()} />
      ) : owners.length === 0 ? (
        <p className="muted">Your bank shared no owner details for this account.</p>
      ) : (
        <ul className={styles.owners} aria-label="Owners">
          {owners.map((owner, index) => (
            <li key={index} className={styles.owner}>
              <dl>
                <dt>Name</dt>
                <dd>{owner.names.map((name) => show(name, maskName)).join(", ") || "—"}</dd>
                <dt>Email</dt>
                <dd>{owner.emails.map((email) => show(email, maskEmail)).join(", ") || "—"}</dd>
                <dt>Phone</dt>
                <dd>{owner.phoneNumbers.map((phone) => show(phone, maskPhone)).join(", ") || "—"}</dd>
                <dt>Address</dt>
                <dd>{owner.addresses.map((address) => show(address, maskAddress)).join("; ") || "—"}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
