import type { Cluster } from "../cluster";
import type { SignBody } from "../emulator-webhook-signer";
import { recordedFetch } from "../http-record";
import { overlappingRuns } from "../plaid-recorder";
import { checkCommon, runScenario } from "../summary";
import { emulatorJson, sleep, waitForConvergence, type ConnectedItem } from "../truth";
import { sendSignedWebhooks, syncUpdatesBody } from "./duplicate-storm";

interface Delivery {
  id: number;
  item_id: string | null;
  state: string;
  attempts: { status: number | null }[];
}

async function readiness(cluster: Cluster): Promise<number[]> {
  return Promise.all(cluster.appUrls.map(async (url) => (await recordedFetch(`${url}/api/health/ready`).catch(() => ({ status: 0 }))).status));
}

/**
 * PostgreSQL stops while the bank has news: intake answers 503 (so Plaid retries) and readiness
 * says not ready; a page and a tRPC call fail without leaking anything (their bodies go to the
 * secret scan). PostgreSQL starts again on the same data: the emulator's own retries land and
 * every item converges, nothing lost, nothing doubled.
 */
export function databaseOutage(cluster: Cluster, sign: SignBody, items: ConnectedItem[], cookie: string) {
  return runScenario("database outage", async (result) => {
    const started = Date.now();
    const readyBefore = await readiness(cluster);
    const { deliveries: before } = await emulatorJson<{ deliveries: Delivery[] }>(cluster, "/__emulator/webhooks/deliveries");
    const knownIds = new Set(before.map((delivery) => delivery.id));

    // Each app caches a session check for a few seconds: calls right after the stop pass sign-in and
    // reach the database, so they show the app's own failure answers (500 pages) to the scan.
    for (let i = 0; i < cluster.appUrls.length; i++) await recordedFetch(`${cluster.front.url}/api/trpc/viewer.me`, { headers: { cookie } });
    await cluster.stopDatabase();
    const downAt = Date.now();
    const early = [];
    for (let i = 0; i < cluster.appUrls.length; i++) {
      early.push(await recordedFetch(`${cluster.front.url}/api/trpc/items.list`, { headers: { cookie } }));
      early.push(await recordedFetch(`${cluster.front.url}/dashboard`, { headers: { cookie } }));
    }
    // The bank changes while the database is away; the emulator sends (and retries) its webhooks.
    for (const item of items) await emulatorJson(cluster, `/__emulator/items/${item.plaidItemId}/advance`, { steps: 1 });
    const direct = await sendSignedWebhooks(cluster, sign, items.map((item) => syncUpdatesBody(item.plaidItemId)), 4);
    const readyDuring = await readiness(cluster);
    // A page and a procedure that need the database: a 500 whose body the scan reads.
    const page = await recordedFetch(`${cluster.front.url}/dashboard`, { headers: { cookie } });
    const procedure = await recordedFetch(`${cluster.front.url}/api/trpc/items.list`, { headers: { cookie } });
    // A database outage must not end sessions: no answer may tell the browser to drop its cookie.
    const cleared = [...early, page, procedure].filter((answer) => answer.headers.getSetCookie().some((set) => /^(__Secure-)?authjs\.session-token=;/.test(set) || /^(__Secure-)?authjs\.session-token=[^;]*;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i.test(set)));
    // Let the emulator's first attempts (and a retry or two: 0.3 s, 1.2 s at this time scale) fail.
    await sleep(2_500);
    await cluster.startDatabase();
    const downMs = Date.now() - downAt;

    const converged = await waitForConvergence(cluster, items.map((item) => item.plaidItemId), 90_000);
    if (!converged.converged) result.failures.push(`did not converge within ${converged.waitedMs} ms`);
    const readyAfter = await readiness(cluster);
    result.rows = converged.rows;
    result.lost = converged.lost;
    result.duplicates = converged.duplicates;

    const { deliveries } = await emulatorJson<{ deliveries: Delivery[] }>(cluster, "/__emulator/webhooks/deliveries");
    const during = deliveries.filter((delivery) => !knownIds.has(delivery.id));
    const attempts = during.flatMap((delivery) => delivery.attempts);
    const directRejected = direct.filter((status) => status !== 200);
    result.sent = during.length + direct.length;
    result.accepted = attempts.filter((attempt) => attempt.status === 200).length + direct.filter((status) => status === 200).length;
    result.rejected = attempts.filter((attempt) => attempt.status !== 200).length + directRejected.length;
    const failedFirst = during.filter((delivery) => delivery.attempts[0]?.status !== 200).length;
    const notDelivered = during.filter((delivery) => delivery.state !== "delivered");
    const refusals = [...new Set([...attempts.map((attempt) => attempt.status), ...direct])].join("/");
    if (direct.some((status) => status !== 503)) result.failures.push(`intake answered ${direct.join(",")} while the database was down (want 503)`);
    if (failedFirst === 0) result.failures.push("no emulator delivery was refused during the outage");
    if (notDelivered.length > 0) result.failures.push(`${notDelivered.length} emulator deliveries never landed`);
    if (cleared.length > 0) result.failures.push(`${cleared.length} answers during the outage cleared the session cookie (a database blip signs users out)`);

    const readyLanded = readyBefore.every((status) => status !== 404 && status !== 0);
    if (readyLanded) {
      if (readyBefore.some((status) => status !== 200)) result.failures.push(`readiness before the outage: ${readyBefore.join(",")}`);
      if (readyDuring.some((status) => status !== 503)) result.failures.push(`readiness during the outage: ${readyDuring.join(",")} (want 503)`);
      if (readyAfter.some((status) => status !== 200)) result.failures.push(`readiness after the outage: ${readyAfter.join(",")}`);
    }
    const tokens = new Set(items.map((item) => item.accessToken));
    result.overlappingSyncs = overlappingRuns(cluster.recorder.runs((call) => tokens.has(call.accessToken) && call.startedAt >= started)).length;
    result.notes.push(
      `database down ${(downMs / 1000).toFixed(1)} s`,
      `answers seen ${refusals}`,
      `${failedFirst}/${during.length} emulator deliveries refused first, all retried until 200 in ${(converged.waitedMs / 1000).toFixed(1)} s`,
      readyLanded ? `ready ${readyBefore.join("/")} → ${readyDuring.join("/")} → ${readyAfter.join("/")}` : `GET /api/health/ready not there (answered ${readyDuring.join("/")}): readiness not checked`,
      `while down: at once tRPC/page ${early.map((answer) => answer.status).join("/")}, later page ${page.status}, tRPC ${procedure.status}`,
    );
    checkCommon(result, converged.examples);
  });
}
