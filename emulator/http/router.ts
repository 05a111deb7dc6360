import { type IncomingMessage, type ServerResponse } from "node:http";
import { type z } from "zod";
import { type Emulator } from "../context";
import { errorStatus, plaidErrorBody, PlaidApiError, type KnownErrorCode } from "../errors";
import { parseRequest } from "./validate";
import { isRecord, newRequestId, readBody, sendJson, sleep } from "./io";

export interface RouteContext {
  emu: Emulator;
  requestId: string;
}

/** A Plaid endpoint: POST with a JSON body, client credentials checked, `request_id` added. */
export interface PlaidRoute {
  path: string;
  handle(ctx: RouteContext, body: unknown): Promise<Record<string, unknown>> | Record<string, unknown>;
}

export function defineRoute<S extends z.ZodType>(
  path: string,
  schema: S,
  handle: (ctx: RouteContext, body: z.infer<S>) => Promise<Record<string, unknown>> | Record<string, unknown>,
): PlaidRoute {
  return { path, handle: (ctx, body) => handle(ctx, parseRequest(schema, body)) };
}

/** Anything else the emulator serves: Link pages, the demo page, test controls. */
export interface RawRoute {
  method: "GET" | "POST";
  /** Exact path, or a pattern whose named groups become params. */
  path: string | RegExp;
  handle(req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL): Promise<void> | void;
}

function sendPlaidError(res: ServerResponse, code: KnownErrorCode, requestId: string, detail?: string): void {
  sendJson(res, errorStatus(code), plaidErrorBody(code, requestId, detail));
}

function credentials(req: IncomingMessage, body: Record<string, unknown>): { clientId: unknown; secret: unknown } {
  return {
    clientId: req.headers["plaid-client-id"] ?? body.client_id,
    secret: req.headers["plaid-secret"] ?? body.secret,
  };
}

async function handlePlaid(emu: Emulator, route: PlaidRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  // Injected faults come first: they stand for the network and Plaid's own outages.
  const fault = emu.faults.take(route.path);
  if (fault?.kind === "drop") {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "http500") return sendPlaidError(res, "INTERNAL_SERVER_ERROR", requestId);
  if (fault?.kind === "error") return sendPlaidError(res, fault.errorCode, requestId);
  if (fault?.kind === "delay") await sleep(fault.delayMs);

  let body: Record<string, unknown>;
  try {
    const text = await readBody(req);
    const parsed: unknown = text.trim() === "" ? {} : JSON.parse(text);
    if (!isRecord(parsed)) throw new Error("not an object");
    body = parsed;
  } catch {
    return sendPlaidError(res, "INVALID_BODY", requestId);
  }

  const { clientId, secret } = credentials(req, body);
  const missing = [clientId === undefined || clientId === "" ? "client_id" : null, secret === undefined || secret === "" ? "secret" : null].filter((field) => field !== null);
  if (missing.length > 0) return sendPlaidError(res, "MISSING_FIELDS", requestId, `the following required fields are missing: ${missing.join(", ")}`);
  if (clientId !== emu.options.clientId || secret !== emu.options.secret) return sendPlaidError(res, "INVALID_API_KEYS", requestId);

  try {
    const result = await route.handle({ emu, requestId }, body);
    sendJson(res, 200, { ...result, request_id: requestId });
  } catch (error) {
    if (error instanceof PlaidApiError) return sendPlaidError(res, error.code, requestId, error.detail);
    console.error(`[plaid-emulator] ${route.path} failed:`, error);
    sendPlaidError(res, "INTERNAL_SERVER_ERROR", requestId);
  }
}

export function createRequestHandler(emu: Emulator, plaidRoutes: readonly PlaidRoute[], rawRoutes: readonly RawRoute[]) {
  const byPath = new Map(plaidRoutes.map((route) => [route.path, route]));
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? "/", "http://emulator.invalid");
      const method = req.method ?? "GET";
      for (const route of rawRoutes) {
        if (route.method !== method) continue;
        if (typeof route.path === "string") {
          if (route.path === url.pathname) return await route.handle(req, res, {}, url);
          continue;
        }
        const match = route.path.exec(url.pathname);
        if (match !== null) return await route.handle(req, res, { ...match.groups }, url);
      }
      const plaid = byPath.get(url.pathname);
      if (plaid !== undefined && method === "POST") return await handlePlaid(emu, plaid, req, res);
      sendPlaidError(res, "NOT_FOUND", newRequestId(), `${method} ${url.pathname} is not an endpoint of this emulator`);
    } catch (error) {
      console.error("[plaid-emulator] request failed:", error);
      if (!res.headersSent) sendPlaidError(res, "INTERNAL_SERVER_ERROR", newRequestId());
      else res.destroy();
    }
  };
}
