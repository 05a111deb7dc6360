"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { AuthFormState } from "./auth-form-state";

interface AuthFormProps {
  action: (previous: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  mode: "sign-in" | "sign-up";
  callbackUrl?: string;
  /** The sign-in page opens on the code step when the browser holds a pending sign-in. */
  initialState?: AuthFormState;
}

const SIGN_IN_INSTEAD = "Sign in instead.";

/** The email + password form shared by sign-in and sign-up; the server action decides the rest. */
export function AuthForm({ action, mode, callbackUrl, initialState = {} }: AuthFormProps) {
  const [state, formAction, pending] = useActionState(action, initialState);
  if (state.step === "code") return <SecondFactorStep state={state} formAction={formAction} pending={pending} callbackUrl={callbackUrl} />;
  const emailError = state.fieldErrors?.email;
  const passwordError = state.fieldErrors?.password;
  return (
    <form action={formAction} className="form card" noValidate>
      {state.formError && (
        <p className="form-error" role="alert">
          {state.formError}
        </p>
      )}
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "email-error" : undefined}
        />
        {emailError && (
          <p id="email-error" className="error" role="alert">
            {/* The server's "… Sign in instead." becomes a real link to sign-in. */}
            {emailError.endsWith(SIGN_IN_INSTEAD) ? (
              <>
                {emailError.slice(0, -SIGN_IN_INSTEAD.length)}
                <Link href="/sign-in">Sign in instead</Link>.
              </>
            ) : (
              emailError
            )}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          required
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={[passwordError ? "password-error" : "", mode === "sign-up" ? "password-hint" : ""].join(" ").trim() || undefined}
        />
        {mode === "sign-up" && (
          <p id="password-hint" className="hint">
            At least 10 characters. A short phrase is easier to remember.
          </p>
        )}
        {passwordError && (
          <p id="password-error" className="error" role="alert">
            {passwordError}
          </p>
        )}
      </div>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? "Please wait…" : mode === "sign-up" ? "Create account" : "Sign in"}
      </button>
    </form>
  );
}

/** Sign-in's second step: a six-digit code from the authenticator app, or a recovery code. */
function SecondFactorStep({
  state,
  formAction,
  pending,
  callbackUrl,
}: {
  state: AuthFormState;
  formAction: (formData: FormData) => void;
  pending: boolean;
  callbackUrl?: string;
}) {
  const codeError = state.fieldErrors?.code;
  return (
    <form action={formAction} className="form card" noValidate>
      {state.formError && (
        <p className="form-error" role="alert">
          {state.formError}
        </p>
      )}
      <input type="hidden" name="step" value="code" />
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      {state.email && <p className="muted">Signing in as {state.email}</p>}
      <div className="field">
        <label htmlFor="code">Authentication code</label>
        <input
          id="code"
          name="code"
          type="text"
          inputMode="text"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          aria-invalid={codeError ? true : undefined}
          aria-describedby={`code-hint${codeError ? " code-error" : ""}`}
        />
        <p id="code-hint" className="hint">
          The 6-digit code from your authenticator app, or one of your recovery codes.
        </p>
        {codeError && (
          <p id="code-error" className="error" role="alert">
            {codeError}
          </p>
        )}
      </div>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? "Please wait…" : "Verify and sign in"}
      </button>
      <p className="hint">
        <Link href="/sign-in?restart=1">Use a different account</Link>
      </p>
    </form>
  );
}
