"use client";

import type { ConditionDraft, ConditionType } from "./condition-draft";
import type { RulesList } from "./rule-summary";
import styles from "./rules.module.css";

const TYPES: { value: ConditionType; label: string }[] = [
  { value: "text", label: "Merchant or description" },
  { value: "amount", label: "Amount" },
  { value: "direction", label: "Money in or out" },
  { value: "account", label: "Account" },
  { value: "plaidCategory", label: "Plaid category" },
];

/** One condition's controls; every control has its own label naming the condition's number. */
export function ConditionFields({
  draft,
  index,
  idPrefix,
  accounts,
  onChange,
  onRemove,
}: {
  draft: ConditionDraft;
  index: number;
  idPrefix: string;
  accounts: RulesList["accounts"];
  onChange: (next: ConditionDraft) => void;
  onRemove: (() => void) | null;
}) {
  const id = `${idPrefix}-c${String(draft.key)}`;
  const n = index + 1;
  const set = <K extends keyof ConditionDraft>(key: K, value: ConditionDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <fieldset className={styles.condition}>
      <legend>Condition {n}</legend>
      <div className="field">
        <label htmlFor={`${id}-type`}>Match on</label>
        <select id={`${id}-type`} value={draft.type} onChange={(event) => set("type", event.target.value as ConditionType)}>
          {TYPES.map((type) => (
            <option key={type.value} value={type.value}>
              {type.label}
            </option>
          ))}
        </select>
      </div>
      {draft.type === "text" && (
        <>
          <div className="field">
            <label htmlFor={`${id}-field`}>Which text</label>
            <select id={`${id}-field`} value={draft.field} onChange={(event) => set("field", event.target.value as ConditionDraft["field"])}>
              <option value="merchant">Merchant</option>
              <option value="name">Bank description</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-op`}>How</label>
            <select id={`${id}-op`} value={draft.op} onChange={(event) => set("op", event.target.value as ConditionDraft["op"])}>
              <option value="contains">contains</option>
              <option value="equals">is exactly</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-value`}>Text (any case)</label>
            <input id={`${id}-value`} type="text" autoComplete="off" value={draft.value} onChange={(event) => set("value", event.target.value)} />
          </div>
        </>
      )}
      {draft.type === "amount" && (
        <>
          <div className="field">
            <label htmlFor={`${id}-min`}>At least</label>
            <input id={`${id}-min`} type="text" inputMode="decimal" autoComplete="off" value={draft.min} onChange={(event) => set("min", event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-max`}>At most</label>
            <input id={`${id}-max`} type="text" inputMode="decimal" autoComplete="off" value={draft.max} onChange={(event) => set("max", event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-direction`}>Direction</label>
            <select id={`${id}-direction`} value={draft.direction} onChange={(event) => set("direction", event.target.value as ConditionDraft["direction"])}>
              <option value="any">Money in or out</option>
              <option value="out">Money out</option>
              <option value="in">Money in</option>
            </select>
          </div>
        </>
      )}
      {draft.type === "direction" && (
        <div className="field">
          <label htmlFor={`${id}-dir`}>Direction</label>
          <select id={`${id}-dir`} value={draft.direction === "in" ? "in" : "out"} onChange={(event) => set("direction", event.target.value as ConditionDraft["direction"])}>
            <option value="out">Money out</option>
            <option value="in">Money in</option>
          </select>
        </div>
      )}
      {draft.type === "account" && (
        <div className="field">
          <label htmlFor={`${id}-account`}>Account</label>
          <select id={`${id}-account`} value={draft.accountId} onChange={(event) => set("accountId", event.target.value)}>
            <option value="">Pick an account</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
                {account.mask ? ` ••${account.mask}` : ""}
              </option>
            ))}
          </select>
        </div>
      )}
      {draft.type === "plaidCategory" && (
        <>
          <div className="field">
            <label htmlFor={`${id}-level`}>Level</label>
            <select id={`${id}-level`} value={draft.level} onChange={(event) => set("level", event.target.value as ConditionDraft["level"])}>
              <option value="primary">Primary (FOOD_AND_DRINK)</option>
              <option value="detailed">Detailed (FOOD_AND_DRINK_COFFEE)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-category`}>Plaid category</label>
            <input id={`${id}-category`} type="text" autoComplete="off" value={draft.value} onChange={(event) => set("value", event.target.value)} />
          </div>
        </>
      )}
      {onRemove && (
        <div className={styles.conditionActions}>
          <button type="button" className="button link" onClick={onRemove}>
            Remove condition {n}
          </button>
        </div>
      )}
    </fieldset>
  );
}
