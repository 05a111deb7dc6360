import { auth } from "@/server/auth";
import { getDatabase } from "@/server/db";
import type { TrpcContext } from "./trpc";

/** The context for a real request: the signed-in session and the app's database. */
export async function createTRPCContext(opts: { headers: Headers }): Promise<TrpcContext> {
  const [session, { db }] = await Promise.all([auth(), getDatabase()]);
  return { db, session, headers: opts.headers };
}
