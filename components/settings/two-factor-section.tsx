"use client";

import { useId, useState } from "react";
import { useToast } from "@/components/shell/toast";
import { api } from "@/components/trpc/react";
import styles from "./account-security.module.css";
import { fieldError } from "./field-errors";

/** Two-factor sign-in: set up with a QR code or key, confirmed by one code; off or new codes need password + code. */
export function TwoFactorSection() {
  const id = useId();
  const status = api.twoFactor.status.useQuery();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [managing, setManaging] = useState<"disable" | "regenerate" | null>(null);
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Two-factor sign-in</h2>
      {recoveryCodes ? (
        <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      ) : status.data?.enabled ? (
        <div className={styles.steps}>
          <p>
            On. Signing in asks for a code from your authenticator app. {status.data.recoveryCodesLeft} of 10 recovery codes left.
          </p>
          {managing ? (
            <PasswordAndCodeForm
              key={managing}
              purpose={managing}
              onCancel={() => setManaging(null)}
              onCodes={(codes) => {
                setManaging(null);
                setRecoveryCodes(codes);
              }}
              onDisabled={() => setManaging(null)}
            />
          ) : (
            <div className={styles.actions}>
              <button type="button" className="button" onClick={() => setManaging("regenerate")}>
                New recovery codes…
              </button>
              <button type="button" className="button danger" onClick={() => setManaging("disable")}>
                Turn off…
              </button>
            </div>
          )}
        </div>
      ) : status.data ? (
        <Enrolment onEnabled={setRecoveryCodes} />
      ) : (
        <p className="muted">{status.error ? status.error.message : "Loading…"}</p>
      )}
    </section>
  );
}

function Enrolment({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const id = useId();
  const toast = useToast();
  const utils = api.useUtils();
  const [code, setCode] = useState("");
  const start = api.twoFactor.startEnrolment.useMutation();
  const confirm = api.twoFactor.confirmEnrolment.useMutation({
    onSuccess: async ({ recoveryCodes }) => {
      onEnabled(recoveryCodes);
      toast("Two-factor sign-in is on. Your other sessions were signed out.");
      await Promise.all([utils.twoFactor.status.invalidate(), utils.sessions.list.invalidate()]);
    },
  });
  const codeError = fieldError(confirm.error, "code");
  if (!start.data) {
    return (
      <div className={styles.steps}>
        <p className="muted">Off. Add a code from an authenticator app to your password, so a stolen password alone cannot open your account.</p>
        {start.error && (
          <p className="form-error" role="alert">
            {start.error.message}
          </p>
        )}
        <div>
          <button type="button" className="button primary" disabled={start.isPending} onClick={() => start.mutate()}>
            {start.isPending ? "Preparing…" : "Set up two-factor sign-in"}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form
      className={styles.steps}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        confirm.mutate({ code });
      }}
    >
      <p>1. Scan this QR code with your authenticator app, or type the key instead.</p>
      {/* An SVG drawn on our server: the secret never reaches a third-party QR service. */}
      {/* eslint-disable-next-line @next/next/no-img-element -- a data URL, nothing for next/image to optimise */}
      <img className={styles.qr} src={start.data.qrCodeDataUrl} alt="QR code for your authenticator app" width={192} height={192} />
      <p>
        Key: <code className={styles.key} data-testid="totp-manual-key">{start.data.manualKey}</code>
      </p>
      <div className="field">
        <label htmlFor={`${id}-code`}>2. Enter the 6-digit code the app shows</label>
        <input
          id={`${id}-code`}
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          aria-invalid={codeError ? true : undefined}
          aria-describedby={codeError ? `${id}-code-error` : undefined}
        />
        {codeError && (
          <p id={`${id}-code-error`} className="error" role="alert">
            {codeError}
          </p>
        )}
      </div>
      {confirm.error && !codeError && (
        <p className="form-error" role="alert">
          {confirm.error.message}
        </p>
      )}
      <div>
        <button type="submit" className="button primary" disabled={confirm.isPending} aria-busy={confirm.isPending}>
          {confirm.isPending ? "Checking…" : "Turn on"}
        </button>
      </div>
    </form>
  );
}

/** Shown once, right after they were made: only their hashes are kept. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const id = useId();
  return (
    <div className={styles.steps} role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Your recovery codes</h3>
      <p>
        Each code signs you in once if you lose your phone. Save them somewhere safe now: they will not be shown again.
      </p>
      <ul className={styles.codes} aria-label="Recovery codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div>
        <button type="button" className="button primary" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </div>
  );
}

function PasswordAndCodeForm({
  purpose,
  onCancel,
  onCodes,
  onDisabled,
}: {
  purpose: "disable" | "regenerate";
  onCancel: () => void;
  onCodes: (codes: string[]) => void;
  onDisabled: () => void;
}) {
  const id = useId();
  const toast = useToast();
  const utils = api.useUtils();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const refresh = () => Promise.all([utils.twoFactor.status.invalidate(), utils.sessions.list.invalidate()]);
  const disable = api.twoFactor.disable.useMutation({
    onSuccess: async () => {
      toast("Two-factor sign-in is off. Your other sessions were signed out.");
      onDisabled();
      await refresh();
    },
  });
  const regenerate = api.twoFactor.regenerateRecoveryCodes.useMutation({
    onSuccess: async ({ recoveryCodes }) => {
      onCodes(recoveryCodes);
      await refresh();
    },
  });
  const mutation = purpose === "disable" ? disable : regenerate;
  const passwordError = fieldError(mutation.error, "password");
  const codeError = fieldError(mutation.error, "code");
  return (
    <form
      className={styles.steps}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate({ password, code });
      }}
    >
      <h3>{purpose === "disable" ? "Turn off two-factor sign-in" : "New recovery codes"}</h3>
      <p className="muted">
        {purpose === "disable" ? "Your password and a current code, or a recovery code." : "Your old recovery codes stop working. Confirm with your password and a current code."}
      </p>
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
      <div className="field">
        <label htmlFor={`${id}-code`}>Authentication code</label>
        <input
          id={`${id}-code`}
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          aria-invalid={codeError ? true : undefined}
          aria-describedby={codeError ? `${id}-code-error` : undefined}
        />
        {codeError && (
          <p id={`${id}-code-error`} className="error" role="alert">
            {codeError}
          </p>
        )}
      </div>
      {mutation.error && !passwordError && !codeError && (
        <p className="form-error" role="alert">
          {mutation.error.message}
        </p>
      )}
      <div className={styles.actions}>
        <button type="button" className="button" onClick={onCancel} disabled={mutation.isPending}>
          Cancel
        </button>
        <button type="submit" className={`button ${purpose === "disable" ? "danger" : "primary"}`} disabled={mutation.isPending} aria-busy={mutation.isPending}>
          {purpose === "disable" ? "Turn off" : "Make new codes"}
        </button>
      </div>
    </form>
  );
}
