"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useToast } from "@/components/shell/toast";
import { api, type RouterOutputs } from "@/components/trpc/react";
import { formatAmount, formatDate } from "./format-transaction";
import { SplitEditor } from "./split-editor";
import styles from "./edits.module.css";

type Category = RouterOutputs["categories"]["list"][number];
type View = RouterOutputs["transactionEdits"]["get"];

/** Field messages from a BAD_REQUEST (server/api/trpc.ts puts them under data.zodError). */
export function fieldErrorsOf(error: unknown): Record<string, string[] | undefined> {
  const data = (error as { data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } } | null)?.data;
  return data?.zodError?.fieldErrors ?? {};
}

const tagsText = (tags: string[]) => tags.join(", ");
const tagsOf = (text: string) =>
  text
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);

/**
 * One transaction's edits in a modal dialog (a native <dialog>: focus trapped, Escape closes):
 * category, the name to show, note, tags, hidden from reports, and its split. After a manual
 * recategorisation it offers "Always do this for <merchant>?", which makes a rule (server/rules).
 */
export function EditTransactionDialog({ transactionId, categories, onClose }: { transactionId: string | null; categories: Category[]; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (transactionId && !dialog.current?.open) dialog.current?.showModal();
    if (!transactionId && dialog.current?.open) dialog.current.close();
  }, [transactionId]);
  const titleId = useId();
  const view = api.transactionEdits.get.useQuery({ id: transactionId ?? "" }, { enabled: Boolean(transactionId) });

  return (
    <dialog ref={dialog} className={styles.dialog} aria-labelledby={titleId} onClose={onClose} data-testid="edit-dialog">
      <h2 id={titleId} className={styles.dialogTitle}>
        Edit transaction
      </h2>
      {view.isPending ? (
        <p className="muted">Loading…</p>
      ) : view.error ? (
        <p role="alert" className="form-error">
          {view.error.message}
        </p>
      ) : (
        <EditForm key={view.data.id} view={view.data} categories={categories} onClose={() => dialog.current?.close()} />
      )}
    </dialog>
  );
}

function EditForm({ view, categories, onClose }: { view: View; categories: Category[]; onClose: () => void }) {
  const id = useId();
  const utils = api.useUtils();
  const toast = useToast();
  const [categoryId, setCategoryId] = useState(view.manual.categoryId ?? view.categoryId ?? "");
  const [displayName, setDisplayName] = useState(view.manual.displayName ?? "");
  const [note, setNote] = useState(view.manual.note ?? "");
  const [tags, setTags] = useState(tagsText(view.manual.tags));
  const [hidden, setHidden] = useState(view.hidden);
  const [offerRule, setOfferRule] = useState<{ categoryId: string; merchant: string } | null>(null);
  const refresh = () => Promise.all([utils.transactions.invalidate(), utils.transactionEdits.invalidate(), utils.overview.invalidate()]);
  const update = api.transactionEdits.update.useMutation({
    onSuccess: async (_result, input) => {
      await refresh();
      toast("Saved.");
      // Only a manual recategorisation of a transaction with a merchant is worth a rule.
      if (input.categoryId && input.categoryId !== view.categoryId) setOfferRule({ categoryId: input.categoryId, merchant: view.merchantName ?? view.name });
      else onClose();
    },
  });
  const rule = api.rules.createFromTransaction.useMutation({
    onSuccess: async () => {
      await refresh();
      toast(`From now on, ${offerRule?.merchant ?? "this merchant"} goes there too.`);
      onClose();
    },
  });
  const errors = fieldErrorsOf(update.error);
  const amount = formatAmount(view.amount, view.currency);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      id: view.id,
      categoryId: categoryId === (view.manual.categoryId ?? view.categoryId ?? "") ? undefined : categoryId || null,
      displayName: displayName.trim() || null,
      note: note.trim() || null,
      tags: tagsOf(tags),
      hidden,
    });
  };

  if (offerRule) {
    const name = categories.find((category) => category.id === offerRule.categoryId)?.name ?? "this category";
    return (
      <div className={styles.offer} data-testid="rule-offer">
        <p>
          Always put <strong>{offerRule.merchant}</strong> in <strong>{name}</strong>? A rule will do it for new transactions and past ones you did not set by hand.
        </p>
        {rule.error && (
          <p role="alert" className="form-error">
            {rule.error.message}
          </p>
        )}
        <div className={styles.actions}>
          <button type="button" className="button" onClick={onClose}>
            Not now
          </button>
          <button type="button" className="button primary" disabled={rule.isPending} onClick={() => rule.mutate({ transactionId: view.id, categoryId: offerRule.categoryId })}>
            {rule.isPending ? "Creating…" : `Always do this for ${offerRule.merchant}`}
          </button>
        </div>
      </div>
    );
  }

  return (
    <>
      <p className={styles.facts}>
        <strong>{view.merchantName ?? view.name}</strong> · {formatDate(view.date)} · <span className={amount.direction === "in" ? styles.inflow : undefined}>{amount.text}</span>
        {view.pending && <span className="badge warn">Pending</span>}
        <span className={styles.bankName}>As your bank shows it: {view.name}</span>
      </p>
      <form className={styles.form} onSubmit={submit} noValidate>
        <div className={styles.field}>
          <label htmlFor={`${id}-category`}>Category</label>
          <select id={`${id}-category`} value={categoryId} onChange={(event) => setCategoryId(event.target.value)} aria-describedby={errors.categoryId ? `${id}-category-error` : undefined}>
            <option value="">Uncategorized</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
          {errors.categoryId && (
            <p id={`${id}-category-error`} className="form-error">
              {errors.categoryId[0]}
            </p>
          )}
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-name`}>Name to show</label>
          <input id={`${id}-name`} value={displayName} placeholder={view.merchantName ?? view.name} maxLength={100} onChange={(event) => setDisplayName(event.target.value)} aria-invalid={Boolean(errors.displayName)} />
          {errors.displayName && <p className="form-error">{errors.displayName[0]}</p>}
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-note`}>Note</label>
          <textarea id={`${id}-note`} value={note} rows={2} maxLength={500} onChange={(event) => setNote(event.target.value)} aria-invalid={Boolean(errors.note)} />
          {errors.note && <p className="form-error">{errors.note[0]}</p>}
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-tags`}>Tags</label>
          <input id={`${id}-tags`} value={tags} placeholder="travel, work" onChange={(event) => setTags(event.target.value)} aria-describedby={`${id}-tags-hint`} aria-invalid={Boolean(errors.tags)} />
          <p id={`${id}-tags-hint`} className={styles.hint}>
            Separate tags with commas.
          </p>
          {errors.tags && <p className="form-error">{errors.tags[0]}</p>}
        </div>
        <label className={styles.check}>
          <input type="checkbox" checked={hidden} onChange={(event) => setHidden(event.target.checked)} />
          Hide from reports (it stays listed, but no total counts it)
        </label>
        {update.error && !Object.keys(errors).length && (
          <p role="alert" className="form-error">
            {update.error.message}
          </p>
        )}
        <div className={styles.actions}>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
      <SplitEditor view={view} categories={categories} onSaved={refresh} />
    </>
  );
}
