import "server-only";
import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { headers } from "next/headers";
import { cache } from "react";
import { createQueryClient } from "@/server/api/query-client";
import { createCaller, type AppRouter } from "./root";
import { createTRPCContext } from "./context";

// One context and one query client per server render.
const createContext = cache(async () => {
  const heads = new Headers(await headers());
  heads.set("x-trpc-source", "rsc");
  return createTRPCContext({ headers: heads });
});
const getQueryClient = cache(createQueryClient);

/** tRPC for React Server Components: call procedures directly and hydrate the client cache. */
export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(createCaller(createContext), getQueryClient);
