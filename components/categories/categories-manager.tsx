"use client";

import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { useToast } from "@/components/shell/toast";
import { api, type RouterOutputs } from "@/components/trpc/react";
import { fieldErrorsOf } from "@/components/transactions/edit-transaction-dialog";
import styles from "@/components/transactions/edits.module.css";

type Category = RouterOutputs["categories"]["list"][number];

/**
 * /categories: the person's category list (Plaid's primaries to start with, and their own):
 * create, rename, and merge or delete one by moving its transactions, splits and budgets to
 * another. Every total follows at once (recomputed in the same transaction on the server).
 */
export function CategoriesManager() {
  const list = api.categories.list.useQuery();
  return (
    <div className={styles.form}>
      <div className="page-header">
        <div>
          <h1>Categories</h1>
          <p className="muted">Rename, add, merge or delete. Transactions follow the category everywhere: the overview, budgets, the explorer and exports.</p>
        </div>
        <Link className="button" href="/transactions">
          Back to transactions
        </Link>
      </div>
      <section className="card" aria-labelledby="new-category">
        <h2 id="new-category">Add a category</h2>
        <CreateCategory />
      </section>
      <section className="card" aria-labelledby="your-categories">
        <h2 id="your-categories">Your categories</h2>
        {list.isPending ? (
          <Skeleton lines={6} label="Loading categories" />
        ) : list.error ? (
          <QueryError what="Categories" message={list.error.message} onRetry={() => void list.refetch()} />
        ) : (
          <ul className={styles.categoryList} data-testid="category-list">
            {list.data.map((category) => (
              <CategoryRow key={category.id} category={category} all={list.data} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function useRefresh() {
  const utils = api.useUtils();
  return () => Promise.all([utils.categories.invalidate(), utils.transactions.invalidate(), utils.transactionEdits.invalidate(), utils.overview.invalidate()]);
}

function CreateCategory() {
  const id = useId();
  const toast = useToast();
  const refresh = useRefresh();
  const [name, setName] = useState("");
  const create = api.categories.create.useMutation({
    onSuccess: async (created) => {
      await refresh();
      toast(`${created.name} added.`);
      setName("");
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name });
  };
  return (
    <form className={styles.inlineForm} onSubmit={submit} noValidate>
      <div className={styles.field}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} maxLength={60} onChange={(event) => setName(event.target.value)} aria-invalid={Boolean(errors.name)} aria-describedby={errors.name ? `${id}-error` : undefined} />
      </div>
      <button type="submit" className="button primary" disabled={create.isPending}>
        Add
      </button>
      {errors.name && (
        <p id={`${id}-error`} className="form-error" role="alert">
          {errors.name[0]}
        </p>
      )}
    </form>
  );
}

function CategoryRow({ category, all }: { category: Category; all: Category[] }) {
  const id = useId();
  const toast = useToast();
  const refresh = useRefresh();
  const [mode, setMode] = useState<"view" | "rename" | "delete">("view");
  const [name, setName] = useState(category.name);
  const [target, setTarget] = useState("");
  const rename = api.categories.rename.useMutation({
    onSuccess: async () => {
      await refresh();
      toast("Renamed.");
      setMode("view");
    },
  });
  const remove = api.categories.delete.useMutation({
    onSuccess: async () => {
      await refresh();
      toast(`${category.name} deleted; its transactions moved.`);
    },
  });
  const renameErrors = fieldErrorsOf(rename.error);
  const others = all.filter((other) => other.id !== category.id);

  return (
    <li className={styles.categoryRow} data-testid="category-row">
      {mode === "rename" ? (
        <form
          className={styles.inlineForm}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            rename.mutate({ id: category.id, name });
          }}
        >
          <div className={styles.field}>
            <label htmlFor={`${id}-name`}>New name for {category.name}</label>
            <input id={`${id}-name`} value={name} maxLength={60} onChange={(event) => setName(event.target.value)} aria-invalid={Boolean(renameErrors.name)} />
          </div>
          <button type="submit" className="button primary" disabled={rename.isPending}>
            Save
          </button>
          <button type="button" className="button" onClick={() => setMode("view")}>
            Cancel
          </button>
          {renameErrors.name && (
            <p className="form-error" role="alert">
              {renameErrors.name[0]}
            </p>
          )}
        </form>
      ) : mode === "delete" ? (
        <form
          className={styles.inlineForm}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (target) remove.mutate({ id: category.id, reassignTo: target });
          }}
        >
          <div className={styles.field}>
            <label htmlFor={`${id}-target`}>Move {category.name}&apos;s transactions to</label>
            <select id={`${id}-target`} value={target} onChange={(event) => setTarget(event.target.value)}>
              <option value="">Choose…</option>
              {others.map((other) => (
                <option key={other.id} value={other.id}>
                  {other.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button danger" disabled={!target || remove.isPending}>
            Delete and move
          </button>
          <button type="button" className="button" onClick={() => setMode("view")}>
            Cancel
          </button>
          {remove.error && (
            <p className="form-error" role="alert">
              {remove.error.message}
            </p>
          )}
        </form>
      ) : (
        <>
          <span className={styles.categoryName}>
            {category.name} {category.plaidPrimary && <span className="badge">From your bank</span>}
          </span>
          <span className={styles.categoryActions}>
            <button type="button" className="button" onClick={() => setMode("rename")} aria-label={`Rename ${category.name}`}>
              Rename
            </button>
            <button type="button" className="button danger" onClick={() => setMode("delete")} aria-label={`Delete or merge ${category.name}`}>
              Delete or merge
            </button>
          </span>
        </>
      )}
    </li>
  );
}
