import { withRequestLog } from "@/server/observability/with-request-log";
import { appWebhookIntakeDeps } from "@/server/plaid/webhooks/app-intake-deps";
import { receivePlaidWebhook } from "@/server/plaid/webhooks/receive-webhook";

// node:crypto, the database and the worker wake-up all need Node; never cache a webhook answer.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withRequestLog("plaid-webhook", (request: Request) => receivePlaidWebhook(request, appWebhookIntakeDeps()));
