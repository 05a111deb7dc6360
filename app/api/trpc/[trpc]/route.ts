import { createTRPCContext } from "@/server/api/context";
import { createTrpcHttpHandler } from "@/server/api/trpc-http-handler";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";

const handler = createTrpcHttpHandler({
  createContext: (request) => createTRPCContext({ headers: request.headers }),
  publicUrl: () => getEnv().PUBLIC_URL,
  logger,
});

export { handler as GET, handler as POST };
