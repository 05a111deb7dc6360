"use client";

import Link from "next/link";

/** A signed-in page that threw while rendering: say so, offer a retry and a way back. */
export default function SignedInError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card error-page" role="alert">
      <h1>This page could not be shown</h1>
      <p className="muted">Something went wrong on our side. Your data is safe; trying again usually helps.</p>
      {error.digest && <p className="muted">Reference: {error.digest}</p>}
      <div className="actions-row">
        <button type="button" className="button primary" onClick={reset}>
          Try again
        </button>
        <Link href="/dashboard" className="button">
          Back to the overview
        </Link>
      </div>
    </div>
  );
}
