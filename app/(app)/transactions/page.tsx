import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/shell/skeleton";
import { explorerInputs, readExplorerState } from "@/components/transactions/explorer-params";
import { TransactionsExplorer } from "@/components/transactions/transactions-explorer";
import { HydrateClient, prefetch } from "@/server/api/rsc-prefetch";

export const metadata: Metadata = { title: "Transactions" };

type SearchParams = Record<string, string | string[] | undefined>;

function toSearchParams(record: SearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, one);
  return params;
}

// The URL's page of the explorer is read on the server, so the first HTML shows the rows and the
// totals (no skeleton that the table then pushes down). The explorer then runs on the client as
// before: filters and paging go through tRPC hooks, whose cache starts with these answers.
export default async function TransactionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const inputs = explorerInputs(readExplorerState(toSearchParams(await searchParams)));
  await Promise.all([
    prefetch.transactions.explore.prefetch(inputs.explore),
    prefetch.transactions.summary.prefetch(inputs.summary),
    prefetch.transactions.accountOptions.prefetch(),
  ]);
  return (
    <HydrateClient>
      {/* The explorer reads its filters from the URL on the client (useSearchParams needs a boundary). */}
      <Suspense fallback={<PageSkeleton title="Transactions" cards={2} />}>
        <TransactionsExplorer />
      </Suspense>
    </HydrateClient>
  );
}
