import Link from "next/link";
import { NotificationBell } from "@/components/notifications/notification-bell";
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
      <div className={styles.headerEnd}>
        <NotificationBell />
        <UserMenu email={email} />
      </div>
    </header>
  );
}
