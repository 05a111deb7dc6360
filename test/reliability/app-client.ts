import { recordedFetch } from "./http-record";

export interface TrpcAnswer {
  status: number;
  /** tRPC's error code (NOT_FOUND, FORBIDDEN …), or null on success. */
  code: string | null;
  data: unknown;
  text: string;
}

function cookiesFrom(headers: Headers): string[] {
  return headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

/** Signs in through Auth.js's credentials flow (CSRF token, then the callback) and returns the session cookie header. */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await recordedFetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const csrfCookies = cookiesFrom(csrf.headers);
  const callback = await recordedFetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/dashboard` }).toString(),
  });
  const session = cookiesFrom(callback.headers).find((cookie) => cookie.startsWith("authjs.session-token=") && cookie.length > "authjs.session-token=".length);
  if (!session) throw new Error(`sign-in of ${email} gave no session (status ${callback.status}, location ${callback.headers.get("location") ?? "none"})`);
  return session;
}

/** One tRPC call over HTTP (superjson envelope, no batching): GET for queries, POST JSON for mutations. */
export async function callTrpc(baseUrl: string, path: string, type: "query" | "mutation", input: unknown, cookie: string): Promise<TrpcAnswer> {
  const envelope = input === undefined ? undefined : JSON.stringify({ json: input });
  const response =
    type === "query"
      ? await recordedFetch(`${baseUrl}/api/trpc/${path}${envelope === undefined ? "" : `?input=${encodeURIComponent(envelope)}`}`, { headers: { cookie } })
      : await recordedFetch(`${baseUrl}/api/trpc/${path}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: envelope ?? "{}" });
  let parsed: { result?: { data?: { json?: unknown } }; error?: { json?: { data?: { code?: string } } } } = {};
  try {
    parsed = JSON.parse(response.text) as typeof parsed;
  } catch {
    // A non-JSON answer (an HTML error page): no code.
  }
  return { status: response.status, code: parsed.error?.json?.data?.code ?? (parsed.result ? null : `HTTP_${response.status}`), data: parsed.result?.data?.json, text: response.text };
}
