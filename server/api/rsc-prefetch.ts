import "server-only";
import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { cache } from "react";
import { createQueryClient } from "./query-client";
import { logger } from "@/server/logger";
import { createCaller, type AppRouter } from "./root";
import { createRscContext } from "./rsc";
import { withSanitizedErrors } from "./sanitized-caller";

const getQueryClient = cache(createQueryClient);

/**
 * For a page whose client components read through tRPC hooks: prefetch on the server, then wrap
 * the components in <HydrateClient> so the first HTML already shows the data (no skeleton, no
 * layout shift when it arrives). Apart from ./rsc.ts because HydrateClient brings React Query's
 * HydrationBoundary into the page's client JavaScript, which a server-rendered page must not pay.
 */
export const { trpc: prefetch, HydrateClient } = createHydrationHelpers<AppRouter>(
  withSanitizedErrors(createCaller(createRscContext), logger),
  getQueryClient,
);
