"use client";

import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";

/** Queues a refresh and a sync of one live connection; the status poll shows the result. */
export function SyncNowButton({ itemId, institutionName }: { itemId: string; institutionName: string }) {
  const utils = api.useUtils();
  const toast = useToast();
  const syncNow = api.sync.syncNow.useMutation({
    onSuccess: () => {
      toast(`Syncing ${institutionName}…`, "info");
      void utils.sync.status.invalidate();
      void utils.items.list.invalidate();
    },
    onError: (error) => toast(error.message, "error"),
  });
  return (
    <button
      type="button"
      className="button"
      disabled={syncNow.isPending}
      aria-busy={syncNow.isPending}
      aria-label={`Sync ${institutionName} now`}
      onClick={() => syncNow.mutate({ itemId })}
    >
      {syncNow.isPending ? "Queuing…" : "Sync now"}
    </button>
  );
}
