"use client";

import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

/** Any page outside the signed-in area that threw while rendering. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <SiteHeader />
      <main id="main" className="status-page" role="alert">
        <h1>Something went wrong</h1>
        <p className="muted">This page could not be shown. Trying again usually helps.</p>
        {error.digest && <p className="muted">Reference: {error.digest}</p>}
        <div className="actions-row">
          <button type="button" className="button primary" onClick={reset}>
            Try again
          </button>
          <Link href="/" className="button">
            Home
          </Link>
        </div>
      </main>
    </>
  );
}
