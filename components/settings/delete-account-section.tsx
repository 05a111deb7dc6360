"use client";

import { useId, useRef, useState } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { api } from "@/components/trpc/react";
import { fieldError } from "./field-errors";
import styles from "./settings.module.css";

/** Deletes the account after the password is typed again: every bank is disconnected at Plaid first. */
export function DeleteAccountSection() {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState("");
  const [leaving, setLeaving] = useState(false);
  const remove = api.account.delete.useMutation({
    onSuccess: async () => {
      setLeaving(true);
      await signOutAction();
    },
  });
  const passwordError = fieldError(remove.error, "password");
  const busy = remove.isPending || leaving;
  return (
    <section className={`card ${styles.dangerCard}`} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Delete my account</h2>
      <p className="muted">
        Disconnects every bank at Plaid and deletes your accounts, transactions and sign-in. This cannot be undone.
      </p>
      <button
        type="button"
        className="button danger"
        onClick={() => {
          remove.reset();
          setPassword("");
          dialog.current?.showModal();
        }}
      >
        Delete my account…
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={`${id}-title`}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            remove.mutate({ password });
          }}
        >
          <h3 id={`${id}-title`}>Delete your account?</h3>
          <p>Type your password to confirm. Everything is deleted and you are signed out.</p>
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={passwordError ? true : undefined}
              aria-describedby={passwordError ? `${id}-password-error` : undefined}
            />
            {passwordError && (
              <p id={`${id}-password-error`} className="error" role="alert">
                {passwordError}
              </p>
            )}
          </div>
          {remove.error && !passwordError && (
            <p className="form-error" role="alert">
              {remove.error.message}
            </p>
          )}
          <div className={styles.dialogActions}>
            <button type="button" className="button" disabled={busy} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="button danger" disabled={busy} aria-busy={busy}>
              {busy ? "Deleting…" : "Delete everything"}
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
