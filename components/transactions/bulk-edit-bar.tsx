"use client";

import { useId, useState } from "react";
import { useToast } from "@/components/shell/toast";
import { api, type RouterOutputs } from "@/components/trpc/react";
import type { ExplorerFilters } from "./explorer-params";
import styles from "./edits.module.css";

type Category = RouterOutputs["categories"]["list"][number];

/** What the bar edits: the rows ticked on this page, or every transaction the filters match. */
export type BulkSelection = { kind: "ids"; ids: string[] } | { kind: "matching"; filters: ExplorerFilters; count: number };

/**
 * The bar that appears once rows are selected: set a category, hide or show in reports, or add a
 * tag, in one request (one SQL statement however many rows). Offers "select all N matching" when
 * the whole page is ticked.
 */
export function BulkEditBar({
  selection,
  pageFull,
  filters,
  categories,
  onSelectMatching,
  onDone,
}: {
  selection: BulkSelection;
  /** Every row of the page is ticked, so "all matching" is the next step. */
  pageFull: boolean;
  filters: ExplorerFilters;
  categories: Category[];
  onSelectMatching: (count: number) => void;
  onDone: () => void;
}) {
  const id = useId();
  const toast = useToast();
  const utils = api.useUtils();
  const [categoryId, setCategoryId] = useState("");
  const [tag, setTag] = useState("");
  const matching = api.transactionEdits.countMatching.useQuery({ filters }, { enabled: pageFull && selection.kind === "ids" });
  const edit = api.transactionEdits.bulkUpdate.useMutation({
    onSuccess: async (result) => {
      await Promise.all([utils.transactions.invalidate(), utils.transactionEdits.invalidate(), utils.overview.invalidate()]);
      toast(`${result.updated.toLocaleString()} ${result.updated === 1 ? "transaction" : "transactions"} updated.`);
      setTag("");
      onDone();
    },
  });
  const target = selection.kind === "ids" ? { ids: selection.ids } : { filters: selection.filters };
  const count = selection.kind === "ids" ? selection.ids.length : selection.count;
  const more = matching.data !== undefined && selection.kind === "ids" && matching.data > selection.ids.length ? matching.data : null;

  return (
    <section className={styles.bulkBar} aria-label="Edit selected transactions" data-testid="bulk-bar">
      <p className={styles.bulkCount} role="status" aria-live="polite">
        <span data-testid="bulk-count">
          {selection.kind === "matching" ? `All ${count.toLocaleString()} matching selected` : `${count.toLocaleString()} selected`}
        </span>
        {more !== null && (
          <button type="button" className="button link" onClick={() => onSelectMatching(more)}>
            Select all {more.toLocaleString()} matching
          </button>
        )}
        <button type="button" className="button link" onClick={onDone}>
          Clear selection
        </button>
      </p>
      <div className={styles.field}>
        <label htmlFor={`${id}-category`}>Category</label>
        <select id={`${id}-category`} value={categoryId} onChange={(event) => setCategoryId(event.target.value)}>
          <option value="">Category…</option>
          {categories.map((category) => (
            <option key={category.id} value={category.id}>
              {category.name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button primary" disabled={!categoryId || edit.isPending} onClick={() => edit.mutate({ target, categoryId })}>
        Set category
      </button>
      <div className={styles.field}>
        <label htmlFor={`${id}-tag`}>Tag</label>
        <input id={`${id}-tag`} value={tag} placeholder="Tag, e.g. work" onChange={(event) => setTag(event.target.value)} />
      </div>
      <button type="button" className="button" disabled={!tag.trim() || edit.isPending} onClick={() => edit.mutate({ target, addTags: [tag.trim()] })}>
        Add tag
      </button>
      <button type="button" className="button" disabled={edit.isPending} onClick={() => edit.mutate({ target, hidden: true })}>
        Hide from reports
      </button>
      <button type="button" className="button" disabled={edit.isPending} onClick={() => edit.mutate({ target, hidden: false })}>
        Show in reports
      </button>
      {edit.error && (
        <p role="alert" className="form-error">
          {edit.error.message}
        </p>
      )}
    </section>
  );
}
