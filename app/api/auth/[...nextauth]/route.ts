import { handlers } from "@/server/auth";
import { withRequestLog } from "@/server/observability/with-request-log";

export const GET = withRequestLog("auth", handlers.GET);
export const POST = withRequestLog("auth", handlers.POST);
