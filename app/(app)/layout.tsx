import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { LiveRefresh } from "@/components/shell/live-refresh";
import { ToastProvider } from "@/components/shell/toast";
import { ClientDataBoundary } from "@/components/trpc/client-data-boundary";
import { auth } from "@/server/auth";

/** Only a same-site path goes into callbackUrl (proxy.ts sets x-pathname). */
const backTo = (path: string | null) => (path?.startsWith("/") && !path.startsWith("//") ? path : "/dashboard");

// Every signed-in page: session check, the header, toasts, live refresh, and the tRPC client for
// the pages whose components fetch with it (never on a public page, nor on the server-rendered
// dashboard: see ClientDataBoundary).
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user?.email) {
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(backTo((await headers()).get("x-pathname")))}`);
  }
  return (
    <ToastProvider>
      <AppHeader email={session.user.email} />
      <main id="main" className="app-main">
        <ClientDataBoundary>{children}</ClientDataBoundary>
      </main>
      <LiveRefresh />
    </ToastProvider>
  );
}
