"use client";

import { useId, useState } from "react";
import { renewSessionAction } from "@/app/(auth)/actions";
import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import { fieldError } from "./field-errors";
import styles from "./settings.module.css";

/**
 * Asks for the current password and a new one. The server ends every session (this one too);
 * this page then signs itself in again with the new password, so only the other devices are
 * signed out.
 */
export function ChangePasswordForm({ email }: { email: string }) {
  const id = useId();
  const toast = useToast();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [renewing, setRenewing] = useState(false);
  const change = api.account.changePassword.useMutation({
    onSuccess: async () => {
      setRenewing(true);
      const renewed = await renewSessionAction({ email, password: next });
      setRenewing(false);
      setCurrent("");
      setNext("");
      if (renewed.ok) toast("Password changed. Your other devices were signed out.");
      else window.location.assign("/sign-in");
    },
  });
  const currentError = fieldError(change.error, "currentPassword");
  const nextError = fieldError(change.error, "newPassword");
  const busy = change.isPending || renewing;
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Change password</h2>
      <form
        className={styles.form}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate({ currentPassword: current, newPassword: next });
        }}
      >
        {/* Lets password managers pair the new password with the account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <div className="field">
          <label htmlFor={`${id}-current`}>Current password</label>
          <input
            id={`${id}-current`}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            aria-invalid={currentError ? true : undefined}
            aria-describedby={currentError ? `${id}-current-error` : undefined}
            required
          />
          {currentError && (
            <p id={`${id}-current-error`} className="error" role="alert">
              {currentError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-new`}>New password</label>
          <input
            id={`${id}-new`}
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(event) => setNext(event.target.value)}
            aria-invalid={nextError ? true : undefined}
            aria-describedby={`${id}-new-hint${nextError ? ` ${id}-new-error` : ""}`}
            required
          />
          <p id={`${id}-new-hint`} className="hint">
            At least 10 characters. Changing it signs out your other devices.
          </p>
          {nextError && (
            <p id={`${id}-new-error`} className="error" role="alert">
              {nextError}
            </p>
          )}
        </div>
        {change.error && !currentError && !nextError && (
          <p className="form-error" role="alert">
            {change.error.message}
          </p>
        )}
        <div>
          <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
            {busy ? "Changing…" : "Change password"}
          </button>
        </div>
      </form>
    </section>
  );
}
