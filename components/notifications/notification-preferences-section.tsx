"use client";

import { useId } from "react";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import styles from "./notifications.module.css";

type Choice = "inApp" | "email" | "dailyDigest";

/** Settings: per kind, in the app, by email, and email as a daily digest instead of at once. */
export function NotificationPreferencesSection() {
  const id = useId();
  const utils = api.useUtils();
  const preferences = api.notifications.preferences.useQuery();
  const save = api.notifications.setPreference.useMutation({
    // The box changes at once; a failed save puts the server's answer back.
    onMutate: (next) => {
      utils.notifications.preferences.setData(undefined, (current) =>
        current ? { ...current, kinds: current.kinds.map((kind) => (kind.kind === next.kind ? { ...kind, ...next } : kind)) } : current,
      );
    },
    onSettled: () => utils.notifications.preferences.invalidate(),
  });

  return (
    <section className="card" aria-labelledby={`${id}-heading`} id="notifications">
      <h2 id={`${id}-heading`}>Notifications</h2>
      {preferences.data && !preferences.data.emailAvailable ? (
        <p className="muted">This server sends no email (SMTP_URL is not set): notifications appear in the app only.</p>
      ) : (
        <p className="muted">Emails never include account numbers or amounts. Every email has a link to stop that kind.</p>
      )}
      {preferences.isPending ? <Skeleton lines={4} label="Loading notification settings" /> : null}
      {preferences.error ? <QueryError what="Notification settings" message={preferences.error.message} onRetry={() => void preferences.refetch()} /> : null}
      {preferences.data ? (
        <table className={styles.prefTable}>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col" className={styles.toggle}>
                In the app
              </th>
              <th scope="col" className={styles.toggle}>
                Email
              </th>
              <th scope="col" className={styles.toggle}>
                Daily digest
              </th>
            </tr>
          </thead>
          <tbody>
            {preferences.data.kinds.map((kind) => {
              const toggle = (choice: Choice, label: string, disabled = false) => (
                <td className={styles.toggle}>
                  <label data-label={label}>
                    <input
                      type="checkbox"
                      checked={kind[choice]}
                      disabled={disabled || save.isPending}
                      aria-label={`${kind.label}: ${label}`}
                      onChange={(event) => save.mutate({ kind: kind.kind, inApp: kind.inApp, email: kind.email, dailyDigest: kind.dailyDigest, [choice]: event.target.checked })}
                    />
                  </label>
                </td>
              );
              return (
                <tr key={kind.kind}>
                  <td>
                    <span className={styles.prefKind}>{kind.label}</span>
                    <span className={styles.prefDescription}>{kind.description}</span>
                  </td>
                  {toggle("inApp", "In the app")}
                  {toggle("email", "Email", !preferences.data.emailAvailable)}
                  {toggle("dailyDigest", "Daily digest", !preferences.data.emailAvailable || !kind.email)}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {save.error ? (
        <p role="alert" className="form-error">
          {save.error.message}
        </p>
      ) : null}
    </section>
  );
}
