import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { NextRequest } from "next/server";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/context";
import { logger } from "@/server/logger";

const handler = (req: NextRequest) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    onError: ({ path, error }) => {
      // Only unexpected failures are logged; the cause is logged by name and message, never
      // serialised whole (an AxiosError carries the Plaid secret in its config).
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ path, cause: error.cause?.name, message: error.cause?.message }, "tRPC procedure failed");
      }
    },
  });

export { handler as GET, handler as POST };
