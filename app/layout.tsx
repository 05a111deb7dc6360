import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { getEnv } from "@/server/env";
import { linkScriptFor, PLAID_CDN_LINK_SCRIPT } from "@/server/plaid-link-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Ledgerlink", template: "%s · Ledgerlink" },
  description: "Your bank accounts, balances and transactions in one place, kept fresh by Plaid.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const emulatorLink = linkScriptFor(getEnv());
  return (
    <html lang="en">
      <head>
        {emulatorLink && (
          <>
            {/* Offline Link: the emulator's script defines window.Plaid before hydration, and the
                inert marker tells react-plaid-link the CDN script is already there. */}
            {/* eslint-disable-next-line @next/next/no-sync-scripts */}
            <script src={emulatorLink.src} nonce={nonce} />
            {/* eslint-disable-next-line @next/next/no-sync-scripts */}
            <script type="text/plain" src={PLAID_CDN_LINK_SCRIPT} nonce={nonce} />
          </>
        )}
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
