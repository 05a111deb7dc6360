"use client";

import { useId, useState } from "react";
import { fieldError } from "@/components/settings/field-errors";
import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import { countable, draftOf, emptyCondition, inputOf, type ConditionDraft } from "./condition-draft";
import { ConditionFields } from "./condition-fields";
import type { ListedRule, RulesList } from "./rule-summary";
import styles from "./rules.module.css";

const KEEP = "";

/**
 * Creates a rule, or edits `rule`. What the conditions match right now is counted as they are
 * typed; every field is checked by the server, whose message shows under the part it is about.
 */
export function RuleForm({ list, rule, onDone }: { list: RulesList; rule: ListedRule | null; onDone: () => void }) {
  const id = useId();
  const toast = useToast();
  const utils = api.useUtils();
  const [name, setName] = useState(rule?.name ?? "");
  const [conditions, setConditions] = useState<ConditionDraft[]>(() => (rule ? rule.conditions.map(draftOf) : [emptyCondition()]));
  const [categoryId, setCategoryId] = useState(rule?.actions.setCategoryId ?? KEEP);
  const [displayName, setDisplayName] = useState(rule?.actions.setDisplayName ?? "");
  const [tags, setTags] = useState(rule?.actions.addTags.join(", ") ?? "");
  const [hide, setHide] = useState(rule?.actions.hide === true);
  const [stop, setStop] = useState(rule?.stop ?? false);

  const ready = conditions.length > 0 && conditions.every(countable);
  const matches = api.rules.previewConditions.useQuery({ conditions: conditions.map(inputOf) }, { enabled: ready, retry: false, placeholderData: (previous) => previous });

  const afterSave = async (message: string) => {
    toast(message);
    await Promise.all([utils.rules.list.invalidate(), utils.rules.previewHistory.invalidate()]);
    onDone();
  };
  const create = api.rules.create.useMutation({ onSuccess: () => afterSave("Rule saved. It applies to new transactions; apply it to past ones from the top of this page.") });
  const update = api.rules.update.useMutation({ onSuccess: () => afterSave("Rule updated.") });
  const save = rule ? update : create;

  const input = () => ({
    name,
    stop,
    enabled: rule?.enabled ?? true,
    conditions: conditions.map(inputOf),
    actions: {
      setCategoryId: categoryId === KEEP ? null : categoryId,
      setDisplayName: displayName.trim() === "" ? null : displayName,
      addTags: tags
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
      hide: hide ? (true as const) : null,
    },
  });

  const nameError = fieldError(save.error, "name");
  const conditionsError = fieldError(save.error, "conditions");
  const actionsError = fieldError(save.error, "actions");
  const otherError = save.error && !nameError && !conditionsError && !actionsError ? save.error.message : null;
  const heading = rule ? `Edit “${rule.name}”` : "New rule";

  return (
    <form
      className={styles.form}
      noValidate
      aria-label={heading}
      onSubmit={(event) => {
        event.preventDefault();
        if (rule) update.mutate({ ruleId: rule.id, ...input() });
        else create.mutate(input());
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>Rule name</label>
        <input
          id={`${id}-name`}
          type="text"
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
        />
        {nameError && (
          <p id={`${id}-name-error`} className="error" role="alert">
            {nameError}
          </p>
        )}
      </div>

      <fieldset className={styles.group} aria-describedby={`${id}-conditions-help`}>
        <legend>When a transaction matches all of these</legend>
        <p id={`${id}-conditions-help`} className="muted">
          {ready && matches.data ? `Matches ${matches.data.matching.toLocaleString("en-US")} of your transactions now.` : "Fill in the conditions to see how many transactions they match."}
        </p>
        {conditions.map((draft, index) => (
          <ConditionFields
            key={draft.key}
            draft={draft}
            index={index}
            idPrefix={id}
            accounts={list.accounts}
            onChange={(next) => setConditions((all) => all.map((c) => (c.key === draft.key ? next : c)))}
            onRemove={conditions.length > 1 ? () => setConditions((all) => all.filter((c) => c.key !== draft.key)) : null}
          />
        ))}
        {conditionsError && (
          <p className="error" role="alert">
            {conditionsError}
          </p>
        )}
        {conditions.length < 10 && (
          <button type="button" className="button" onClick={() => setConditions((all) => [...all, emptyCondition("text", list.accounts[0]?.id ?? "")])}>
            Add a condition
          </button>
        )}
      </fieldset>

      <fieldset className={styles.group}>
        <legend>Then</legend>
        <div className={styles.actionsGrid}>
          <div className="field">
            <label htmlFor={`${id}-category`}>Set category</label>
            <select id={`${id}-category`} value={categoryId} onChange={(event) => setCategoryId(event.target.value)}>
              <option value={KEEP}>Leave as it is</option>
              {list.categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {category.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-display`}>Rename to</label>
            <input id={`${id}-display`} type="text" autoComplete="off" value={displayName} onChange={(event) => setDisplayName(event.target.value)} aria-describedby={`${id}-display-hint`} />
            <span id={`${id}-display-hint`} className="hint">
              Leave empty to keep the bank&rsquo;s name.
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-tags`}>Add tags</label>
            <input id={`${id}-tags`} type="text" autoComplete="off" value={tags} onChange={(event) => setTags(event.target.value)} aria-describedby={`${id}-tags-hint`} />
            <span id={`${id}-tags-hint`} className="hint">
              Separate tags with commas.
            </span>
          </div>
          <label className={styles.checkbox}>
            <input type="checkbox" checked={hide} onChange={(event) => setHide(event.target.checked)} />
            Hide from reports
          </label>
        </div>
        {actionsError && (
          <p className="error" role="alert">
            {actionsError}
          </p>
        )}
      </fieldset>

      <label className={styles.checkbox}>
        <input type="checkbox" checked={stop} onChange={(event) => setStop(event.target.checked)} />
        Stop here: rules below this one do not apply to the transactions it matches
      </label>
      {otherError && (
        <p className="form-error" role="alert">
          {otherError}
        </p>
      )}
      <div className={styles.formActions}>
        <button type="submit" className="button primary" disabled={save.isPending} aria-busy={save.isPending}>
          {save.isPending ? "Saving…" : rule ? "Save changes" : "Save rule"}
        </button>
        {rule && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
