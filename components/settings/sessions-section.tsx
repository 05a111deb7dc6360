"use client";

import { useId } from "react";
import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import styles from "./account-security.module.css";

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Where this account is signed in: sign out any one session, or every other one. */
export function SessionsSection() {
  const id = useId();
  const toast = useToast();
  const utils = api.useUtils();
  const sessions = api.sessions.list.useQuery();
  const revoke = api.sessions.revoke.useMutation({
    onSuccess: async ({ current }) => {
      if (current) {
        window.location.assign("/sign-in");
        return;
      }
      toast("Signed out that session.");
      await utils.sessions.list.invalidate();
    },
  });
  const revokeOthers = api.sessions.revokeOthers.useMutation({
    onSuccess: async ({ count }) => {
      toast(count === 1 ? "Signed out 1 other session." : `Signed out ${count} other sessions.`);
      await utils.sessions.list.invalidate();
    },
  });
  const list = sessions.data ?? [];
  const others = list.filter((session) => !session.current).length;
  const error = revoke.error ?? revokeOthers.error;
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Where you are signed in</h2>
      {sessions.error && (
        <p className="form-error" role="alert">
          {sessions.error.message}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      {sessions.isLoading ? (
        <p className="muted">Loading…</p>
      ) : (
        <ul className={styles.sessions} aria-label="Signed-in sessions">
          {list.map((session) => (
            <li key={session.id} className={styles.session} data-testid="session-row">
              <div className={styles.sessionText}>
                <strong>
                  {session.device}
                  {session.current && <span className={styles.badge}>This device</span>}
                </strong>
                <span className="muted">
                  {session.network ? `Network ${session.network} · ` : ""}Signed in {when.format(session.createdAt)} · Last active{" "}
                  {when.format(session.lastSeenAt)}
                </span>
              </div>
              {!session.current && (
                <button
                  type="button"
                  className="button"
                  disabled={revoke.isPending}
                  aria-label={`Sign out ${session.device}, signed in ${when.format(session.createdAt)}`}
                  onClick={() => revoke.mutate({ sessionId: session.id })}
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {others > 0 && (
        <div className={styles.actions}>
          <button type="button" className="button" disabled={revokeOthers.isPending} onClick={() => revokeOthers.mutate()}>
            Sign out all other sessions
          </button>
        </div>
      )}
    </section>
  );
}
