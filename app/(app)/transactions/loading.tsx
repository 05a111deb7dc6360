import { PageSkeleton } from "@/components/shell/skeleton";

export default function TransactionsLoading() {
  return <PageSkeleton title="Transactions" cards={2} />;
}
