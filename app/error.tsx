"use client";

/**
 * Any page outside the signed-in area that threw while rendering. Plain links, not next/link (and
 * so not SiteHeader): this boundary's chunk loads on every page, and a full page load is the
 * surer recovery anyway. next/link here put a second copy of the router's link code (~3 KiB
 * compressed) into every page's first load.
 */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <header className="site-header">
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/" className="brand">
          Ledger<span>link</span>
        </a>
      </header>
      <main id="main" className="status-page" role="alert">
        <h1>Something went wrong</h1>
        <p className="muted">This page could not be shown. Trying again usually helps.</p>
        {error.digest && <p className="muted">Reference: {error.digest}</p>}
        <div className="actions-row">
          <button type="button" className="button primary" onClick={reset}>
            Try again
          </button>
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a href="/" className="button">
            Home
          </a>
        </div>
      </main>
    </>
  );
}
