import Link from "next/link";
import type { ReactNode } from "react";

/** The public pages' top bar; `children` holds whatever belongs on the right (e.g. Sign in). */
export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Ledger<span>link</span>
      </Link>
      {children && <nav aria-label="Account">{children}</nav>}
    </header>
  );
}
