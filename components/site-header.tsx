import Link from "next/link";
import type { ReactNode } from "react";

/** The top bar; `children` holds whatever belongs on the right (links or the sign-out form). */
export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Ledger<span>link</span>
      </Link>
      <nav aria-label="Account">{children}</nav>
    </header>
  );
}
