import { PageSkeleton } from "@/components/shell/skeleton";

export default function Loading() {
  return <PageSkeleton title="Budgets" cards={2} />;
}
