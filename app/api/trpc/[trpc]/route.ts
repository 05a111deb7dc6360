import { createTRPCContext } from "@/server/api/context";
import { createTrpcHttpHandler } from "@/server/api/trpc-http-handler";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { withRequestLog } from "@/server/observability/with-request-log";

const trpcHandler = createTrpcHttpHandler({
  createContext: (request) => createTRPCContext({ headers: request.headers }),
  publicUrl: () => getEnv().PUBLIC_URL,
  logger,
});

const handler = withRequestLog("trpc", trpcHandler);

export { handler as GET, handler as POST };
