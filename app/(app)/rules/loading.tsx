import { PageSkeleton } from "@/components/shell/skeleton";

export default function Loading() {
  return <PageSkeleton title="Rules" cards={2} />;
}
