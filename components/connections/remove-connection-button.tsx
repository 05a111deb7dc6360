"use client";

import { useId, useRef } from "react";
import { api } from "@/components/trpc/react";
import type { Connection } from "./types";
import styles from "./connections.module.css";

/**
 * *Remove* with a confirm dialog. A native modal <dialog> gives focus trapping, Escape to cancel
 * and the inert page behind it for free; Cancel comes first so it gets the initial focus (the safe choice).
 */
export function RemoveConnectionButton({ item, institutionName }: { item: Connection; institutionName: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const utils = api.useUtils();
  const remove = api.items.remove.useMutation({
    onSuccess: async () => {
      dialog.current?.close();
      await Promise.all([utils.items.list.invalidate(), utils.accounts.list.invalidate()]);
    },
  });
  const disconnected = item.removedAt !== null;

  return (
    <>
      <button
        type="button"
        className="button danger"
        aria-label={`Remove ${institutionName}`}
        onClick={() => {
          remove.reset();
          dialog.current?.showModal();
        }}
      >
        Remove
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={titleId} aria-describedby={descriptionId}>
        <h3 id={titleId}>{disconnected ? `Delete ${institutionName}'s data?` : `Remove ${institutionName}?`}</h3>
        <p id={descriptionId}>
          {disconnected
            ? "Its accounts and transactions will be deleted from Ledgerlink."
            : "Ledgerlink will stop receiving updates from this bank. You can keep its accounts and transactions, or delete them."}
        </p>
        {remove.error && (
          <p role="alert" className="form-error">
            {remove.error.message}
          </p>
        )}
        <div className={styles.dialogActions}>
          <button type="button" className="button" disabled={remove.isPending} onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          {!disconnected && (
            <button
              type="button"
              className="button"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ itemId: item.id, keepData: true })}
            >
              Remove and keep data
            </button>
          )}
          <button
            type="button"
            className="button danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ itemId: item.id, keepData: false })}
          >
            {remove.isPending ? "Removing…" : disconnected ? "Delete data" : "Remove and delete data"}
          </button>
        </div>
      </dialog>
    </>
  );
}
