import Link from "next/link";
import { SignOutForm } from "./sign-out-form";
import styles from "./shell.module.css";

/**
 * Who is signed in, and *Sign out*. A native <details> disclosure: keyboard and screen-reader
 * friendly with no script, and closed again by Escape via the summary's toggle.
 */
export function UserMenu({ email }: { email: string }) {
  return (
    <details className={styles.userMenu}>
      <summary aria-label={`Account menu for ${email}`}>
        <span className={styles.avatar} aria-hidden="true">
          {email.charAt(0).toUpperCase()}
        </span>
        <span className={styles.email}>{email}</span>
      </summary>
      <div className={styles.menuPanel}>
        <p className={styles.menuEmail}>
          Signed in as <strong>{email}</strong>
        </p>
        <Link href="/settings" className="button">
          Settings
        </Link>
        <SignOutForm />
      </div>
    </details>
  );
}
