import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { logger } from "@/server/logger";
import { createCaller } from "./root";
import { createTRPCContext } from "./context";
import { withSanitizedErrors } from "./sanitized-caller";

/** One context per server render (shared with ./rsc-prefetch.ts). */
export const createRscContext = cache(async () => {
  const heads = new Headers(await headers());
  heads.set("x-trpc-source", "rsc");
  return createTRPCContext({ headers: heads });
});

/**
 * tRPC for React Server Components: the procedures called directly (same input parsing, user
 * scoping and output checks). A plain caller, without @trpc/react-query's hydration helpers: those
 * put React Query's HydrationBoundary into the client JavaScript of every page that imports this
 * file, and no page hands server data to a client cache. Unexpected failures are logged and
 * rethrown without their message (./sanitized-caller.ts): Next prints what a page throws.
 */
export const api = withSanitizedErrors(createCaller(createRscContext), logger);
