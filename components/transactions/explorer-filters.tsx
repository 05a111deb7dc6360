"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { RouterOutputs } from "@/components/trpc/react";
import { CATEGORIES, SORT_OPTIONS, type ExplorerFilters } from "./explorer-params";
import { formatCategory } from "./format-transaction";
import styles from "./explorer.module.css";

type AccountOption = RouterOutputs["transactions"]["accountOptions"][number];
type CategoryOption = RouterOutputs["categories"]["list"][number];

interface Draft {
  q: string;
  scope: string;
  category: string;
  from: string;
  to: string;
  min: string;
  max: string;
  status: string;
  direction: string;
  sort: string;
}

const draftOf = (filters: ExplorerFilters): Draft => ({
  q: filters.q ?? "",
  scope: filters.account ? `account:${filters.account}` : filters.bank ? `bank:${filters.bank}` : "",
  category: filters.category ?? "",
  from: filters.from ?? "",
  to: filters.to ?? "",
  min: filters.min ?? "",
  max: filters.max ?? "",
  status: filters.status ?? "",
  direction: filters.direction ?? "",
  sort: filters.sort ?? "date_desc",
});

/** The draft as query-string entries named like the URL (the page validates them on read). */
function entriesOf(draft: Draft): Record<string, string> {
  const [kind, id] = draft.scope.split(":");
  const entries: Record<string, string> = {
    q: draft.q.trim(),
    bank: kind === "bank" ? (id ?? "") : "",
    account: kind === "account" ? (id ?? "") : "",
    category: draft.category,
    from: draft.from,
    to: draft.to,
    min: draft.min.trim().replace(/^[$€£]/, ""),
    max: draft.max.trim().replace(/^[$€£]/, ""),
    status: draft.status,
    direction: draft.direction,
    sort: draft.sort === "date_desc" ? "" : draft.sort,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== ""));
}

function groupByBank(accounts: AccountOption[]) {
  const banks = new Map<string, { name: string; accounts: AccountOption[] }>();
  for (const account of accounts) {
    const bank = banks.get(account.bankId) ?? { name: account.bankName ?? "Your bank", accounts: [] };
    bank.accounts.push(account);
    banks.set(account.bankId, bank);
  }
  return [...banks.entries()];
}

const AMOUNT_PATTERN = "\\$?\\d{1,13}(\\.\\d{1,2})?";

/**
 * The filters as one form. Choices apply as soon as they change (each one a history entry, so
 * Back undoes it); the search applies while typing, replacing the entry, and on Enter.
 */
export function ExplorerFilters({
  filters,
  accounts,
  categories,
  onApply,
}: {
  filters: ExplorerFilters;
  accounts: AccountOption[];
  /** The user's own category list (ids); a Plaid primary in an old link shows as its seeded category. */
  categories: CategoryOption[];
  onApply: (entries: Record<string, string>, mode: "push" | "replace") => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(filters));
  // On a phone the filters fold away behind one button; on wider screens they are always shown.
  const [showMore, setShowMore] = useState(false);
  const active = [filters.account ?? filters.bank, filters.category, filters.from, filters.to, filters.min, filters.max, filters.status, filters.direction].filter(Boolean).length;
  const searchRef = useRef<HTMLInputElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const id = useId();
  const applied = JSON.stringify(draftOf(filters));

  // Back/forward (or a link) changed the URL: show its filters, but never yank the search text
  // out from under someone typing.
  useEffect(() => {
    const fromUrl = JSON.parse(applied) as Draft;
    setDraft((current) => (document.activeElement === searchRef.current ? { ...fromUrl, q: current.q } : fromUrl));
  }, [applied]);

  useEffect(() => () => {
    if (typing.current) clearTimeout(typing.current);
  }, []);

  const apply = (next: Draft, mode: "push" | "replace" = "push") => {
    if (typing.current) clearTimeout(typing.current);
    onApply(entriesOf(next), mode);
  };
  const change = (field: keyof Draft, value: string, now = true) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    if (now) apply(next);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!event.currentTarget.checkValidity()) return;
    apply(draft);
  };

  return (
    <form className={styles.filters} role="search" aria-label="Filter transactions" onSubmit={submit}>
      <div className={`${styles.field} ${styles.searchField}`}>
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          ref={searchRef}
          id={`${id}-q`}
          type="search"
          name="q"
          value={draft.q}
          maxLength={100}
          placeholder="Merchant, category or amount"
          aria-describedby={`${id}-q-hint`}
          onChange={(event) => {
            const next = { ...draft, q: event.target.value };
            setDraft(next);
            if (typing.current) clearTimeout(typing.current);
            typing.current = setTimeout(() => apply(next, "replace"), 350);
          }}
        />
        <span id={`${id}-q-hint`} className="sr-only">
          Results update as you type. Try a merchant, a category like food and drink, or an amount like 4.31.
        </span>
      </div>
      <button
        type="button"
        className={`button ${styles.moreToggle}`}
        aria-expanded={showMore}
        aria-controls={`${id}-more`}
        onClick={() => setShowMore((open) => !open)}
      >
        {active > 0 ? `Filters (${active})` : "Filters"}
      </button>
      <div className={styles.field}>
        <label htmlFor={`${id}-sort`}>Sort</label>
        <select id={`${id}-sort`} value={draft.sort} onChange={(event) => change("sort", event.target.value)}>
          {SORT_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div id={`${id}-more`} className={`${styles.moreFields} ${showMore ? styles.open : ""}`}>
        <div className={styles.field}>
          <label htmlFor={`${id}-scope`}>Bank or account</label>
          <select id={`${id}-scope`} value={draft.scope} onChange={(event) => change("scope", event.target.value)}>
            <option value="">All accounts</option>
            {groupByBank(accounts).map(([bankId, bank]) => (
              <optgroup key={bankId} label={bank.name}>
                <option value={`bank:${bankId}`}>All of {bank.name}</option>
                {bank.accounts.map((account) => (
                  <option key={account.id} value={`account:${account.id}`}>
                    {account.name}
                    {account.mask ? ` ••${account.mask}` : ""}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-category`}>Category</label>
          <select id={`${id}-category`} value={draft.category} onChange={(event) => change("category", event.target.value)}>
            <option value="">All categories</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
            {/* A Plaid primary from an old link, until the list loads or if the user has no category for it. */}
            {draft.category && !categories.some((category) => category.id === draft.category) && (
              <option value={draft.category}>{(CATEGORIES as readonly string[]).includes(draft.category) ? formatCategory(draft.category) : "This category"}</option>
            )}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={draft.from} max={draft.to || undefined} onChange={(event) => change("from", event.target.value, event.target.validity.valid)} />
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={draft.to} min={draft.from || undefined} onChange={(event) => change("to", event.target.value, event.target.validity.valid)} />
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-min`}>Min amount</label>
          <input id={`${id}-min`} inputMode="decimal" pattern={AMOUNT_PATTERN} value={draft.min} placeholder="0.00" onChange={(event) => change("min", event.target.value, false)} onBlur={(event) => event.target.validity.valid && draft.min !== (filters.min ?? "") && apply(draft)} />
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-max`}>Max amount</label>
          <input id={`${id}-max`} inputMode="decimal" pattern={AMOUNT_PATTERN} value={draft.max} placeholder="Any" onChange={(event) => change("max", event.target.value, false)} onBlur={(event) => event.target.validity.valid && draft.max !== (filters.max ?? "") && apply(draft)} />
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-direction`}>Money</label>
          <select id={`${id}-direction`} value={draft.direction} onChange={(event) => change("direction", event.target.value)}>
            <option value="">In and out</option>
            <option value="in">Money in</option>
            <option value="out">Money out</option>
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={draft.status} onChange={(event) => change("status", event.target.value)}>
            <option value="">Any status</option>
            <option value="pending">Pending</option>
            <option value="posted">Posted</option>
          </select>
        </div>
        <div className={styles.filterActions}>
          <button type="submit" className="button">
            Apply
          </button>
        </div>
      </div>
    </form>
  );
}
