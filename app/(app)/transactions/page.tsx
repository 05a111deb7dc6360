import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/shell/skeleton";
import { TransactionsExplorer } from "@/components/transactions/transactions-explorer";

export const metadata: Metadata = { title: "Transactions" };

// The explorer reads its filters from the URL on the client (useSearchParams needs a boundary).
export default function TransactionsPage() {
  return (
    <Suspense fallback={<PageSkeleton title="Transactions" cards={2} />}>
      <TransactionsExplorer />
    </Suspense>
  );
}
