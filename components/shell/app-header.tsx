import Link from "next/link";
import { AppNav } from "./app-nav";
import { UserMenu } from "./user-menu";
import styles from "./shell.module.css";

/** The signed-in header: brand, the four sections, and the account menu. */
export function AppHeader({ email }: { email: string }) {
  return (
    <header className={styles.header}>
      <Link href="/dashboard" className={styles.brand}>
        Ledger<span>link</span>
      </Link>
      <AppNav />
      <UserMenu email={email} />
    </header>
  );
}
