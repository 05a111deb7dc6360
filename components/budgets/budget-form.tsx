"use client";

import { useId, useState } from "react";
import { fieldError } from "@/components/settings/field-errors";
import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import styles from "./budgets.module.css";

const TOTAL = "total";

/**
 * Adds a budget, or changes one (same category and currency). Amounts go to the server as typed:
 * it checks them (positive, at most two decimal places) and its message shows under the field.
 */
export function BudgetForm({ categories, currencies }: { categories: { id: string; name: string }[]; currencies: string[] }) {
  const id = useId();
  const toast = useToast();
  const utils = api.useUtils();
  const [category, setCategory] = useState(categories[0]?.id ?? TOTAL);
  const [currency, setCurrency] = useState(currencies[0] ?? "USD");
  const [amount, setAmount] = useState("");
  const [rollover, setRollover] = useState(false);
  const save = api.budgets.set.useMutation({
    onSuccess: async () => {
      setAmount("");
      setRollover(false);
      toast("Budget saved.");
      await utils.budgets.month.invalidate();
    },
  });
  const amountError = fieldError(save.error, "amount");
  const currencyError = fieldError(save.error, "currency");
  const categoryError = fieldError(save.error, "categoryId");
  const otherError = save.error && !amountError && !currencyError && !categoryError ? save.error.message : null;
  return (
    <form
      className={styles.form}
      noValidate
      aria-label="Add or change a budget"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ categoryId: category === TOTAL ? null : category, currency, amount, rollover });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-category`}>Category</label>
        <select id={`${id}-category`} value={category} onChange={(event) => setCategory(event.target.value)} aria-describedby={categoryError ? `${id}-category-error` : undefined}>
          <option value={TOTAL}>Total spending (every category)</option>
          {categories.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
        {categoryError && (
          <p id={`${id}-category-error`} className="error" role="alert">
            {categoryError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-amount`}>Amount per month</label>
        <input
          id={`${id}-amount`}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          aria-invalid={amountError ? true : undefined}
          aria-describedby={amountError ? `${id}-amount-error` : undefined}
          required
        />
        {amountError && (
          <p id={`${id}-amount-error`} className="error" role="alert">
            {amountError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-currency`}>Currency</label>
        <select id={`${id}-currency`} value={currency} onChange={(event) => setCurrency(event.target.value)} aria-describedby={currencyError ? `${id}-currency-error` : undefined}>
          {(currencies.length > 0 ? currencies : ["USD"]).map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
        {currencyError && (
          <p id={`${id}-currency-error`} className="error" role="alert">
            {currencyError}
          </p>
        )}
      </div>
      <label className={styles.checkbox}>
        <input type="checkbox" checked={rollover} onChange={(event) => setRollover(event.target.checked)} />
        Roll unspent money into next month
      </label>
      {otherError && (
        <p className="form-error" role="alert" style={{ gridColumn: "1 / -1" }}>
          {otherError}
        </p>
      )}
      <div className={styles.formActions}>
        <button type="submit" className="button primary" disabled={save.isPending} aria-busy={save.isPending}>
          {save.isPending ? "Saving…" : "Save budget"}
        </button>
      </div>
    </form>
  );
}
