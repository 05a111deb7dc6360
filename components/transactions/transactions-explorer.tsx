"use client";

import { keepPreviousData } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { EmptyState } from "@/components/shell/empty-state";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { BulkEditBar, type BulkSelection } from "./bulk-edit-bar";
import { EditNotices } from "./edit-notices";
import { EditTransactionDialog } from "./edit-transaction-dialog";
import { ExplorerFilters } from "./explorer-filters";
import { ExplorerPager } from "./explorer-pager";
import { EXPLORER_PAGE_SIZE as PAGE_SIZE, explorerInputs, filtersQuery, hasFilters, readExplorerState } from "./explorer-params";
import { ExplorerSummary } from "./explorer-summary";
import { ExplorerTable } from "./explorer-table";
import styles from "./explorer.module.css";

/**
 * /transactions: every filter, the sort and the page live in the URL, so a view can be shared,
 * reloaded, and walked with back and forward. Pages of 50 instead of infinite scroll: each page is
 * a link (a deep position survives a reload), the DOM stays small at any depth without
 * virtualisation, and find-in-page, screen readers and the keyboard see every row on screen.
 */
export function TransactionsExplorer() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => readExplorerState(new URLSearchParams(params.toString())), [params]);
  const { filters } = state;

  const inputs = explorerInputs(state);
  const page = api.transactions.explore.useQuery(inputs.explore, { placeholderData: keepPreviousData, staleTime: 0 });
  const summary = api.transactions.summary.useQuery(inputs.summary, { placeholderData: keepPreviousData });
  const accounts = api.transactions.accountOptions.useQuery();
  const categories = api.categories.list.useQuery();
  const [editing, setEditing] = useState<string | null>(null);
  // Ticked rows of this page, or "all matching" (the filters at the moment it was chosen).
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState<{ filters: typeof filters; count: number } | null>(null);
  const [selectedFor, setSelectedFor] = useState(params.toString());
  if (selectedFor !== params.toString()) {
    // Another filter or page: a selection never carries over to rows the person cannot see.
    setSelectedFor(params.toString());
    setSelected(new Set());
    setAllMatching(null);
  }
  const toggle = useCallback((id: string, on: boolean) => {
    setAllMatching(null);
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const apply = useCallback(
    (entries: Record<string, string>, mode: "push" | "replace") => {
      const query = new URLSearchParams(entries).toString();
      // A new filter starts again from the first page (the cursor belonged to the old one).
      if (query === filtersQuery(filters) && !state.after && !state.before) return;
      const href = query ? `${pathname}?${query}` : pathname;
      if (mode === "replace") router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    },
    [filters, pathname, router, state.after, state.before],
  );

  const exportQuery = filtersQuery(filters);
  const filtered = hasFilters(filters);
  const items = page.data?.items ?? [];
  const bulk: BulkSelection | null = allMatching ? { kind: "matching", ...allMatching } : selected.size > 0 ? { kind: "ids", ids: [...selected] } : null;
  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(null);
  };

  return (
    <div className={styles.explorer}>
      <div className="page-header">
        <div>
          <h1 id="transactions-title">Transactions</h1>
          <ExplorerSummary summary={summary.data} stale={summary.isPlaceholderData} />
        </div>
        <div className={styles.toolbar}>
          <Link className="button" href="/categories">
            Categories
          </Link>
          <a className="button" href={`/api/export/transactions${exportQuery ? `?${exportQuery}` : ""}`} download>
            Export CSV
          </a>
        </div>
      </div>

      <EditNotices />

      <section className="card" aria-label="Filters">
        <ExplorerFilters filters={filters} accounts={accounts.data ?? []} categories={categories.data ?? []} onApply={apply} />
        {filtered && (
          <p className={styles.clear}>
            <Link href={pathname} scroll={false}>
              Clear all filters
            </Link>
          </p>
        )}
      </section>

      <section className={`card ${styles.results}`} aria-labelledby="transactions-title">
        {page.isPending ? (
          <Skeleton lines={8} label="Loading transactions" />
        ) : page.error ? (
          <QueryError what="Transactions" message={page.error.message} onRetry={() => void page.refetch()} />
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState title="No transactions match these filters." action={<Link href={pathname}>Clear all filters</Link>} />
          ) : state.after || state.before ? (
            <EmptyState title="This page is empty now." action={<Link href={pathname}>Back to the first page</Link>} />
          ) : (
            <EmptyState title="No transactions yet." action={<Link href="/dashboard">Connect a bank on the overview</Link>}>
              They appear here by themselves as soon as your bank shares them.
            </EmptyState>
          )
        ) : (
          <>
            <ExplorerTable items={items} busy={page.isPlaceholderData} selection={{ selected, onToggle: toggle, onEdit: setEditing }} />
            {/* While the next page loads, the old one stays on screen (dimmed) but its page links
                would point from the old position: they wait for the new page. */}
            {!page.isPlaceholderData && (
              <ExplorerPager state={state} nextCursor={page.data?.nextCursor ?? null} prevCursor={page.data?.prevCursor ?? null} shown={items.length} pageSize={PAGE_SIZE} />
            )}
          </>
        )}
      </section>
      {bulk && (
        <BulkEditBar
          selection={bulk}
          pageFull={items.length > 0 && items.every((item) => selected.has(item.id))}
          filters={filters}
          categories={categories.data ?? []}
          onSelectMatching={(count) => setAllMatching({ filters, count })}
          onDone={clearSelection}
        />
      )}
      <EditTransactionDialog transactionId={editing} categories={categories.data ?? []} onClose={() => setEditing(null)} />
    </div>
  );
}
