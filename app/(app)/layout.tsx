import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { CurrentUserProvider } from "@/components/shell/current-user";
import { LiveRefresh } from "@/components/shell/live-refresh";
import { ToastProvider } from "@/components/shell/toast";
import { ClientDataBoundary } from "@/components/trpc/client-data-boundary";
import { auth } from "@/server/auth";
import { safeReturnPath } from "@/server/safe-return-path";

// Every signed-in page: session check, the header, toasts, live refresh, and the tRPC client for
// the pages whose components fetch with it (never on a public page, nor on the server-rendered
// dashboard: see ClientDataBoundary).
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user?.email) {
    // Only a same-site path goes into callbackUrl (proxy.ts sets x-pathname).
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(safeReturnPath((await headers()).get("x-pathname"), "/dashboard"))}`);
  }
  return (
    <CurrentUserProvider userId={session.user.id ?? null}>
      <ToastProvider>
        <AppHeader email={session.user.email} />
        <main id="main" className="app-main">
          <ClientDataBoundary>{children}</ClientDataBoundary>
        </main>
        <LiveRefresh />
      </ToastProvider>
    </CurrentUserProvider>
  );
}
