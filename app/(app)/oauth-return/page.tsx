import type { Metadata } from "next";
import { OAuthReturnView } from "@/components/connections/oauth-return-view";

export const metadata: Metadata = { title: "Connecting your bank" };

/** Plaid's OAuth redirect_uri (PLAID_REDIRECT_URI): the bank sends the browser back here. */
export default function OAuthReturnPage() {
  return <OAuthReturnView />;
}
