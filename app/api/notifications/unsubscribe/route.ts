import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { handleUnsubscribe } from "@/server/notifications/unsubscribe-handler";
import { withRequestLog } from "@/server/observability/with-request-log";

export const dynamic = "force-dynamic";

const deps = { database: async () => (await getDatabase()).db, authSecret: () => getEnv().AUTH_SECRET };

export const GET = withRequestLog("notifications-unsubscribe", (request: Request) => handleUnsubscribe(request, deps));
export const POST = withRequestLog("notifications-unsubscribe", (request: Request) => handleUnsubscribe(request, deps));
