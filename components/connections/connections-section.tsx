"use client";

/** Placeholder until the connect-a-bank flow lands: the empty state of a new account. */
export function ConnectionsSection() {
  return (
    <section aria-labelledby="connections-heading" className="card">
      <h2 id="connections-heading">Your banks</h2>
      <p className="empty">No banks connected yet</p>
      <button type="button" className="button primary" disabled>
        Connect a bank
      </button>
    </section>
  );
}
