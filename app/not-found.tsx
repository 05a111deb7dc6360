import type { Metadata } from "next";
import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="status-page">
        <p className="status-code" aria-hidden="true">
          404
        </p>
        <h1>We couldn&apos;t find that page</h1>
        <p className="muted">The link may be old, or the account or page may have been removed.</p>
        <div className="actions-row">
          <Link href="/dashboard" className="button primary">
            Go to your overview
          </Link>
          <Link href="/" className="button">
            Home
          </Link>
        </div>
      </main>
    </>
  );
}
