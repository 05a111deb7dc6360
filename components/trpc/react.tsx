"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { httpBatchStreamLink, loggerLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";
import { createQueryClient } from "@/server/api/query-client";
import { TRPC_MAX_BATCH_SIZE } from "@/server/api/trpc-request-limits";
import { announceMutation, registerCacheInvalidator } from "./live-data";

export const api = createTRPCReact<AppRouter>();
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

const SYNC_STATUS_KEY = JSON.stringify(["sync", "status"]);

function createBrowserQueryClient(): QueryClient {
  const queryClient = createQueryClient();
  // Server-rendered sections refresh after a mutation too (see LiveRefresh).
  queryClient.getMutationCache().subscribe((event) => {
    if (event.type === "updated" && event.action.type === "success") announceMutation();
  });
  // When the live poll sees a sync land, every query refetches except the status polls themselves.
  registerCacheInvalidator(() => {
    void queryClient.invalidateQueries({ predicate: (query) => JSON.stringify(query.queryKey[0]) !== SYNC_STATUS_KEY });
  });
  return queryClient;
}

let browserQueryClient: QueryClient | undefined;
function getQueryClient(): QueryClient {
  // On the server a new client per request; in the browser one for the page's lifetime, shared by
  // every provider (a page's and an island's), so they see one cache.
  if (typeof window === "undefined") return createQueryClient();
  browserQueryClient ??= createBrowserQueryClient();
  return browserQueryClient;
}

const createTrpcClient = () =>
  api.createClient({
    links: [
      loggerLink({
        enabled: (op) => process.env.NODE_ENV === "development" || (op.direction === "down" && op.result instanceof Error),
      }),
      httpBatchStreamLink({
        transformer: superjson,
        url: "/api/trpc",
        // The server refuses bigger batches (400); splitting here keeps a busy page working.
        maxItems: TRPC_MAX_BATCH_SIZE,
        headers: () => ({ "x-trpc-source": "nextjs-react" }),
      }),
    ],
  });

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(createTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <api.Provider client={trpcClient} queryClient={queryClient}>
        {children}
      </api.Provider>
    </QueryClientProvider>
  );
}
