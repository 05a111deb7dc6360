// Liveness probe for load balancers: GET only, no body read, nothing touched (no database, no
// Plaid), which also makes it the "bare handler" that `npm run bench` compares webhook intake
// against. Readiness checks that do touch dependencies belong in their own route (e.g. ./ready).
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" });
}
