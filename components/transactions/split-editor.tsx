"use client";

import { useId, useState, type FormEvent } from "react";
import { useToast } from "@/components/shell/toast";
import { api, type RouterOutputs } from "@/components/trpc/react";
import { fieldErrorsOf } from "./edit-transaction-dialog";
import { formatAmount } from "./format-transaction";
import styles from "./edits.module.css";

type Category = RouterOutputs["categories"]["list"][number];
type View = RouterOutputs["transactionEdits"]["get"];

const AMOUNT = /^-?\d{1,13}(\.\d{1,2})?$/;

/** "12.5" → 1250n, exactly (bigint cents: parts must add up to the cent, never a float). */
function cents(value: string): bigint | null {
  const text = value.trim();
  if (!AMOUNT.test(text)) return null;
  const negative = text.startsWith("-");
  const [whole = "0", fraction = ""] = text.replace("-", "").split(".");
  const result = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
  return negative ? -result : result;
}

function fromCents(value: bigint): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  return `${negative ? "-" : ""}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, "0")}`;
}

interface Part {
  categoryId: string;
  amount: string;
}

/**
 * Splits a transaction into parts with their own category and amount. Amounts are in Plaid's sign
 * as the transaction's own (a purchase's parts are positive). What is left to assign is shown as
 * you type; the server checks the sum again to the cent.
 */
export function SplitEditor({ view, categories, onSaved }: { view: View; categories: Category[]; onSaved: () => Promise<unknown> }) {
  const id = useId();
  const toast = useToast();
  const total = cents(view.amount) ?? 0n;
  const [open, setOpen] = useState(view.parts.length > 0);
  const [parts, setParts] = useState<Part[]>(() =>
    view.parts.length > 0
      ? view.parts.map((part) => ({ categoryId: part.categoryId ?? "", amount: part.amount }))
      : [
          { categoryId: view.categoryId ?? "", amount: fromCents(total) },
          { categoryId: "", amount: "" },
        ],
  );
  const split = api.transactionEdits.split.useMutation({
    onSuccess: async () => {
      await onSaved();
      toast("Split saved.");
    },
  });
  const unsplit = api.transactionEdits.unsplit.useMutation({
    onSuccess: async () => {
      await onSaved();
      toast("Split removed.");
      setOpen(false);
    },
  });
  const assigned = parts.reduce((sum, part) => sum + (cents(part.amount) ?? 0n), 0n);
  const left = total - assigned;
  const storedSum = view.parts.reduce((sum, part) => sum + (cents(part.amount) ?? 0n), 0n);
  // Plaid changed the amount after the split: the parts no longer add up (the rest is counted in the transaction's category).
  const stale = view.parts.length > 0 && storedSum !== total;
  const errors = fieldErrorsOf(split.error);
  const change = (index: number, patch: Partial<Part>) => setParts((current) => current.map((part, at) => (at === index ? { ...part, ...patch } : part)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    split.mutate({ id: view.id, parts: parts.map((part) => ({ categoryId: part.categoryId, amount: part.amount.trim() })) });
  };

  if (!open) {
    return (
      <div className={styles.splitClosed}>
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Split this transaction
        </button>
      </div>
    );
  }
  return (
    <form className={styles.split} onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Split</h3>
      {stale && (
        <p className="banner warn" role="status" data-testid="split-stale">
          Your bank changed this transaction to {formatAmount(view.amount, view.currency).text} after you split it. The parts add up to {fromCents(storedSum)}; until you fix them, the
          other {fromCents(total - storedSum)} counts in {view.categoryName ?? "its own category"}.
        </p>
      )}
      <ol className={styles.parts}>
        {parts.map((part, index) => (
          <li key={index} className={styles.part}>
            <div className={styles.field}>
              <label htmlFor={`${id}-category-${index}`}>Part {index + 1} category</label>
              <select id={`${id}-category-${index}`} value={part.categoryId} onChange={(event) => change(index, { categoryId: event.target.value })}>
                <option value="">Choose…</option>
                {categories.map((category) => (
                  <option key={category.id} value={category.id}>
                    {category.name}
                  </option>
                ))}
              </select>
            </div>
            <div className={styles.field}>
              <label htmlFor={`${id}-amount-${index}`}>Part {index + 1} amount</label>
              <input
                id={`${id}-amount-${index}`}
                inputMode="decimal"
                value={part.amount}
                placeholder="0.00"
                aria-invalid={part.amount !== "" && cents(part.amount) === null}
                onChange={(event) => change(index, { amount: event.target.value })}
              />
            </div>
            {parts.length > 2 && (
              <button type="button" className="button link" onClick={() => setParts((current) => current.filter((_, at) => at !== index))} aria-label={`Remove part ${index + 1}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ol>
      <p className={left === 0n ? styles.hint : styles.left} role="status" aria-live="polite" data-testid="split-left">
        {left === 0n ? "The parts add up to the transaction." : `${fromCents(left)} left to assign.`}
      </p>
      {(errors.parts ?? errors.id) && <p className="form-error">{(errors.parts ?? errors.id)?.[0]}</p>}
      {split.error && !errors.parts && !errors.id && (
        <p role="alert" className="form-error">
          {split.error.message}
        </p>
      )}
      <div className={styles.actions}>
        <button type="button" className="button" onClick={() => setParts((current) => [...current, { categoryId: "", amount: left === 0n ? "" : fromCents(left) }])}>
          Add a part
        </button>
        {view.parts.length > 0 && (
          <button type="button" className="button danger" disabled={unsplit.isPending} onClick={() => unsplit.mutate({ id: view.id })}>
            Remove split
          </button>
        )}
        <button type="submit" className="button primary" disabled={split.isPending}>
          {split.isPending ? "Saving…" : "Save split"}
        </button>
      </div>
    </form>
  );
}
