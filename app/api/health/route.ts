// Liveness probe for load balancers. It touches nothing (no database, no Plaid), which also makes
// it the "bare handler" that `npm run bench` compares webhook intake against.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" });
}

export async function POST(request: Request): Promise<Response> {
  await request.text();
  return Response.json({ status: "ok" });
}
