import { AsyncLocalStorage } from "node:async_hooks";

interface RequestContext {
  requestId: string;
}

const globalForContext = globalThis as unknown as { ledgerlinkRequestContext?: AsyncLocalStorage<RequestContext> };
// One store per process, whichever bundle imports this first.
const storage = (globalForContext.ledgerlinkRequestContext ??= new AsyncLocalStorage<RequestContext>());

/**
 * Runs `fn` with `requestId` as the current request: every log line written inside carries it,
 * and every job enqueued inside stores it in its payload (request_id), so a job's log lines lead
 * back to the request that asked for the work.
 */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The request id a job was enqueued under (its payload's request_id), if any. */
export function requestIdOfPayload(payload: unknown): string | undefined {
  if (!payload || typeof payload !== "object") return undefined;
  const value = (payload as { request_id?: unknown }).request_id;
  return typeof value === "string" ? value : undefined;
}

/** A job payload stamped with the current request's id (kept if the caller set one already). */
export function payloadWithRequestId(payload: Record<string, unknown> = {}): Record<string, unknown> {
  const requestId = currentRequestId();
  return requestId && payload.request_id === undefined ? { ...payload, request_id: requestId } : payload;
}
