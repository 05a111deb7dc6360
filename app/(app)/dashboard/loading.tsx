import { PageSkeleton } from "@/components/shell/skeleton";

export default function Loading() {
  return <PageSkeleton title="Overview" cards={4} />;
}
