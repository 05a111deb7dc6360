"use client";

import "./globals.css";

/** The root layout itself failed: this replaces the whole document, so it brings its own <html>. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" className="status-page" role="alert">
          <h1>Ledgerlink is having trouble</h1>
          <p className="muted">Something went wrong while loading the app. Trying again usually helps.</p>
          {error.digest && <p className="muted">Reference: {error.digest}</p>}
          <div className="actions-row">
            <button type="button" className="button primary" onClick={reset}>
              Try again
            </button>
            {/* A plain link: the router may be what failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a href="/" className="button">
              Home
            </a>
          </div>
        </main>
      </body>
    </html>
  );
}
