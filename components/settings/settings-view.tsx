import { ConnectionsSection } from "@/components/connections/connections-section";
import { NotificationPreferencesSection } from "@/components/notifications/notification-preferences-section";
import { ChangePasswordForm } from "./change-password-form";
import { DeleteAccountSection } from "./delete-account-section";
import { SessionsSection } from "./sessions-section";
import { TwoFactorSection } from "./two-factor-section";

/** /settings: bank connections, password, and deleting the account. */
export function SettingsView({ email }: { email: string }) {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Signed in as {email}</p>
        </div>
      </div>
      <ConnectionsSection />
      <NotificationPreferencesSection />
      <ChangePasswordForm email={email} />
      <TwoFactorSection />
      <SessionsSection />
      <DeleteAccountSection />
    </>
  );
}
