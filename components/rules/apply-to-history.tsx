"use client";

import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import styles from "./rules.module.css";

const count = (n: number) => `${n.toLocaleString("en-US")} past transaction${n === 1 ? "" : "s"}`;

/**
 * "Apply to 4,213 past transactions": the count is what applying would change (computed by the
 * same statement that applies, without writing), then one click applies every enabled rule to
 * history, month totals included.
 */
export function ApplyToHistory() {
  const toast = useToast();
  const utils = api.useUtils();
  const preview = api.rules.previewHistory.useQuery();
  const apply = api.rules.applyToHistory.useMutation({
    onSuccess: async (result) => {
      toast(`Rules applied: ${count(result.changed)} changed.`);
      await utils.invalidate();
    },
  });
  const changed = preview.data?.changed ?? 0;
  return (
    <div className={styles.history} data-testid="apply-to-history">
      <p className={styles.historyText} aria-live="polite">
        {preview.isPending
          ? "Counting the past transactions your rules would change…"
          : preview.error
            ? `Could not count: ${preview.error.message}`
            : changed === 0
              ? "Your past transactions already follow your rules."
              : `Your rules would change ${count(changed)}. New transactions follow them as they arrive.`}
      </p>
      {apply.error && (
        <p className="form-error" role="alert">
          {apply.error.message}
        </p>
      )}
      <button type="button" className="button primary" disabled={changed === 0 || apply.isPending || preview.isFetching} aria-busy={apply.isPending} onClick={() => apply.mutate()}>
        {apply.isPending ? "Applying…" : `Apply to ${count(changed)}`}
      </button>
    </div>
  );
}
