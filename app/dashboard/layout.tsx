import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/trpc/react";

// tRPC and React Query load only where data is shown, keeping the public pages light.
export default function DashboardLayout({ children }: { children: ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
