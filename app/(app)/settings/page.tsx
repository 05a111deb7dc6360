import type { Metadata } from "next";
import { SettingsView } from "@/components/settings/settings-view";
import { auth } from "@/server/auth";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  // The layout already sent anyone without a session to sign-in.
  const email = (await auth())?.user?.email ?? "";
  return <SettingsView email={email} />;
}
