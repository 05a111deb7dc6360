"use client";

import { api } from "@/components/trpc/react";
import styles from "./edits.module.css";

/** What happened to the person's edits without them: a split transaction their bank removed. */
export function EditNotices() {
  const notices = api.transactionEdits.notices.useQuery();
  const utils = api.useUtils();
  const dismiss = api.transactionEdits.dismissNotice.useMutation({ onSuccess: () => utils.transactionEdits.notices.invalidate() });
  if (!notices.data?.length) return null;
  return (
    <div className={styles.notices} aria-label="Notices about your edits" role="region">
      {notices.data.map((notice) => (
        <div key={notice.id} className="banner warn" data-testid="edit-notice">
          <p>{notice.message}</p>
          <button type="button" className="button" disabled={dismiss.isPending} onClick={() => dismiss.mutate({ id: notice.id })}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
