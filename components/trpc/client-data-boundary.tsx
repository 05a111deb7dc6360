"use client";

import { useSelectedLayoutSegment } from "next/navigation";
import { lazy, Suspense, type ReactNode } from "react";

// Loaded only on pages that need it, so tRPC, React Query and superjson (~25 KiB compressed) stay
// out of the first load of server-rendered pages. React.lazy rather than next/dynamic, whose
// loader adds ~2 KiB to every signed-in page; those pages import the same chunk statically anyway.
const TRPCReactProvider = lazy(() => import("./react").then((module) => ({ default: module.TRPCReactProvider })));

/**
 * Signed-in sections that render their data on the server (through server/api/rsc.ts) and need no
 * React Query. Their few interactive parts bring their own provider when used (TRPCIsland).
 */
const SERVER_RENDERED_SECTIONS = new Set(["dashboard"]);

/** Gives every other signed-in page the tRPC client its components fetch with. */
export function ClientDataBoundary({ children }: { children: ReactNode }) {
  const section = useSelectedLayoutSegment();
  if (section !== null && SERVER_RENDERED_SECTIONS.has(section)) return children;
  return (
    <Suspense>
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </Suspense>
  );
}
