"use client";

import { api } from "@/components/trpc/react";

/** Queues a refresh and a sync of one connection; the status poll shows the result. */
export function SyncNowButton({ itemId, institutionName, onQueued }: { itemId: string; institutionName: string; onQueued?: () => void }) {
  const syncNow = api.sync.syncNow.useMutation({ onSuccess: () => onQueued?.() });
  return (
    <>
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
      {syncNow.error && (
        <p role="alert" className="form-error">
          {syncNow.error.message}
        </p>
      )}
    </>
  );
}
