"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef } from "react";
import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import { forgetConnection, markDisconnected } from "./forget-connection";
import type { Account, Connection } from "./types";
import styles from "./connections.module.css";

/**
 * *Remove* with a confirm dialog. A native modal <dialog> gives focus trapping, Escape to cancel
 * and the inert page behind it for free; Cancel comes first so it gets the initial focus (the safe choice).
 */
export function RemoveConnectionButton({ item, institutionName, accounts }: { item: Connection; institutionName: string; accounts: Account[] }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = api.items.remove.useMutation({
    onSuccess: (result) => {
      dialog.current?.close();
      toast(result.keptData ? `${institutionName} is disconnected. Its data is kept.` : `${institutionName} and its data were removed.`);
      // The caches change at once; the refetch that follows only confirms it.
      void (result.keptData ? markDisconnected(queryClient, result.itemId) : forgetConnection(queryClient, result.itemId, accounts.map((account) => account.id)));
    },
  });
  const disconnected = item.removedAt !== null;

  return (
    <>
      <button
        type="button"
        className="button danger"
        aria-label={`${disconnected ? "Delete data of" : "Remove"} ${institutionName}`}
        onClick={() => {
          remove.reset();
          dialog.current?.showModal();
        }}
      >
        {disconnected ? "Delete data" : "Remove"}
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
              aria-busy={remove.isPending && remove.variables.keepData}
              onClick={() => remove.mutate({ itemId: item.id, keepData: true })}
            >
              {remove.isPending && remove.variables.keepData ? "Removing…" : "Remove and keep data"}
            </button>
          )}
          <button
            type="button"
            className="button danger"
            disabled={remove.isPending}
            aria-busy={remove.isPending && !remove.variables.keepData}
            onClick={() => remove.mutate({ itemId: item.id, keepData: false })}
          >
            {remove.isPending && !remove.variables.keepData ? "Removing…" : disconnected ? "Delete data" : "Remove and delete data"}
          </button>
        </div>
      </dialog>
    </>
  );
}
