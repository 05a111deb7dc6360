"use client";

import { useState } from "react";
import { fieldError } from "@/components/settings/field-errors";
import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import { budgetName } from "./budget-format";
import type { Budget } from "./budget-progress";
import styles from "./budgets.module.css";

/** A budget's own controls on the Budgets page: rollover on or off, change the amount, delete. */
export function BudgetRowActions({ budget }: { budget: Budget }) {
  const toast = useToast();
  const utils = api.useUtils();
  const [editing, setEditing] = useState(false);
  const [amount, setAmount] = useState(budget.amount);
  // Shown at once; the server's answer (or a failure) settles it.
  const [rollover, setRollover] = useState(budget.rollover);
  const refresh = () => utils.budgets.month.invalidate();
  const update = api.budgets.update.useMutation({
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
    onError: () => setRollover(budget.rollover),
  });
  const remove = api.budgets.delete.useMutation({
    onSuccess: async () => {
      toast(`${budgetName(budget)} budget deleted.`);
      await refresh();
    },
  });
  const name = `${budgetName(budget)} (${budget.currency})`;
  const amountError = fieldError(update.error, "amount");
  return (
    <div className={styles.actions}>
      <label className={styles.toggle}>
        <input
          type="checkbox"
          checked={rollover}
          disabled={update.isPending}
          onChange={(event) => {
            setRollover(event.target.checked);
            update.mutate({ budgetId: budget.id, rollover: event.target.checked });
          }}
        />
        Rollover<span className="sr-only"> for {name}</span>
      </label>
      {editing ? (
        <form
          className={styles.toggle}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            update.mutate({ budgetId: budget.id, amount });
          }}
        >
          <label className="sr-only" htmlFor={`amount-${budget.id}`}>
            New amount for {name}
          </label>
          <input
            id={`amount-${budget.id}`}
            type="text"
            inputMode="decimal"
            size={9}
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            aria-invalid={amountError ? true : undefined}
            aria-describedby={amountError ? `amount-${budget.id}-error` : undefined}
          />
          <button type="submit" className="button" disabled={update.isPending}>
            Save
          </button>
          <button type="button" className="button link" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {amountError && (
            <span id={`amount-${budget.id}-error`} className="error" role="alert">
              {amountError}
            </span>
          )}
        </form>
      ) : (
        <button type="button" className="button link" onClick={() => setEditing(true)}>
          Change amount<span className="sr-only"> of {name}</span>
        </button>
      )}
      <button type="button" className="button link" disabled={remove.isPending} onClick={() => remove.mutate({ budgetId: budget.id })}>
        Delete<span className="sr-only"> {name}</span>
      </button>
    </div>
  );
}
