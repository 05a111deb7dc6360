import { describe, expect, it } from "vitest";
import { mutationRequestProblem } from "./mutation-request-guard";

const PUBLIC_URL = "https://ledgerlink.example";

function post(headers: Record<string, string>): Request {
  return new Request("https://ledgerlink.example/api/trpc/sync.syncNow", { method: "POST", headers });
}
const json = { "content-type": "application/json", host: "ledgerlink.example" };
const verdict = (request: Request) => mutationRequestProblem(request, { publicUrl: PUBLIC_URL })?.status ?? "allowed";

describe("mutationRequestProblem", () => {
  it("lets a same-origin JSON mutation through, however the browser says so", () => {
    expect(verdict(post({ ...json, origin: PUBLIC_URL }))).toBe("allowed");
    expect(verdict(post({ ...json, "sec-fetch-site": "same-origin", origin: PUBLIC_URL }))).toBe("allowed");
    expect(verdict(post({ ...json, "sec-fetch-site": "none" }))).toBe("allowed");
    expect(verdict(post({ ...json, "content-type": "application/json; charset=utf-8", origin: PUBLIC_URL }))).toBe("allowed");
    // Behind a proxy that keeps the Host, the request's own origin is ours too.
    expect(verdict(post({ ...json, host: "app.internal:3000", origin: "http://app.internal:3000" }))).toBe("allowed");
  });

  it("lets JSON without Origin or Sec-Fetch-Site through (curl, server to server): no browser form sends that", () => {
    expect(verdict(post(json))).toBe("allowed");
  });

  it("refuses cross-site and same-site (sibling subdomain) mutations with 403", () => {
    expect(verdict(post({ ...json, origin: "https://evil.example" }))).toBe(403);
    expect(verdict(post({ ...json, origin: "https://evil.ledgerlink.example" }))).toBe(403);
    expect(verdict(post({ ...json, origin: "null" }))).toBe(403);
    expect(verdict(post({ ...json, "sec-fetch-site": "cross-site", origin: "https://evil.example" }))).toBe(403);
    expect(verdict(post({ ...json, "sec-fetch-site": "same-site", origin: "https://evil.ledgerlink.example" }))).toBe(403);
    expect(verdict(post({ ...json, "sec-fetch-site": "cross-site" }))).toBe(403);
  });

  it("refuses anything but JSON with 415, forms and byte streams included", () => {
    for (const type of ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "application/jsonx"]) {
      expect(verdict(post({ ...json, "content-type": type })), type).toBe(415);
    }
    expect(verdict(new Request("https://ledgerlink.example/api/trpc/sync.syncNow", { method: "POST", body: "{}" }))).toBe(415);
  });

  it("lets same-origin queries (GET) through", () => {
    const get = (headers: Record<string, string>) => new Request("https://ledgerlink.example/api/trpc/items.list", { headers });
    expect(verdict(get({ "sec-fetch-site": "same-origin" }))).toBe("allowed");
    expect(verdict(get({}))).toBe("allowed");
  });

  it("refuses queries a page on another site makes the browser send (a link, an image, a no-cors fetch)", () => {
    const get = (headers: Record<string, string>) => new Request("https://ledgerlink.example/api/trpc/identity.get", { headers });
    expect(verdict(get({ "sec-fetch-site": "cross-site" }))).toBe(403);
    expect(verdict(get({ "sec-fetch-site": "same-site" }))).toBe(403);
  });
});
