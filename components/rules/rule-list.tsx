"use client";

import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import { describeActions, describeCondition, type ListedRule, type RulesList } from "./rule-summary";
import styles from "./rules.module.css";

/**
 * The rules in the order they apply. Moving is by buttons (keyboard and screen readers work the
 * same as a mouse); the server recomputes what rules set whenever order, enabling or deleting
 * changes it.
 */
export function RuleList({ list, onEdit }: { list: RulesList; onEdit: (rule: ListedRule) => void }) {
  const toast = useToast();
  const utils = api.useUtils();
  const refresh = () => Promise.all([utils.rules.list.invalidate(), utils.rules.previewHistory.invalidate()]);
  const reorder = api.rules.reorder.useMutation({ onSettled: refresh });
  const enable = api.rules.setEnabled.useMutation({ onSettled: refresh });
  const remove = api.rules.delete.useMutation({
    onSuccess: async (result, input) => {
      const removed = list.rules.find((rule) => rule.id === input.ruleId);
      toast(`Rule “${removed?.name ?? ""}” deleted${result.changed > 0 ? `; ${result.changed.toLocaleString("en-US")} transactions no longer carry its changes` : ""}.`);
      await refresh();
    },
  });
  const busy = reorder.isPending || enable.isPending || remove.isPending;
  const move = (index: number, offset: number) => {
    const ids = list.rules.map((rule) => rule.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index + offset, 0, moved);
    reorder.mutate({ ruleIds: ids });
  };
  const failure = reorder.error ?? enable.error ?? remove.error;

  if (list.rules.length === 0) return <p className="muted">No rules yet. Make one below, or choose “Always do this” after you recategorise a transaction.</p>;
  return (
    <>
      {failure && (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      )}
      <ol className={styles.list} aria-label="Rules, in the order they apply">
        {list.rules.map((rule, index) => (
          <li key={rule.id} className={styles.rule} data-testid="rule-row" data-enabled={rule.enabled}>
            <div className={styles.ruleText}>
              <span className={styles.ruleName}>
                {index + 1}. {rule.name}
              </span>
              {!rule.enabled && <span className="badge">Off</span>}
              {rule.stop && <span className="badge">Stops</span>}
              <span className={styles.ruleDetail}>When {rule.conditions.map((condition) => describeCondition(condition, list.accounts)).join(" and ")}</span>
              <span className={styles.ruleDetail}>Then {describeActions(rule, list.categories).join(", ")}</span>
            </div>
            <div className={styles.ruleActions}>
              <label className={styles.checkbox}>
                <input type="checkbox" checked={rule.enabled} disabled={busy} onChange={(event) => enable.mutate({ ruleId: rule.id, enabled: event.target.checked })} />
                On<span className="sr-only"> for {rule.name}</span>
              </label>
              <button type="button" className="button" disabled={busy || index === 0} onClick={() => move(index, -1)}>
                Up<span className="sr-only"> {rule.name}</span>
              </button>
              <button type="button" className="button" disabled={busy || index === list.rules.length - 1} onClick={() => move(index, 1)}>
                Down<span className="sr-only"> {rule.name}</span>
              </button>
              <button type="button" className="button link" onClick={() => onEdit(rule)}>
                Edit<span className="sr-only"> {rule.name}</span>
              </button>
              <button type="button" className="button link" disabled={busy} onClick={() => remove.mutate({ ruleId: rule.id })}>
                Delete<span className="sr-only"> {rule.name}</span>
              </button>
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
