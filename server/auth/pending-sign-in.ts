import { cookies } from "next/headers";
import { getEnv } from "@/server/env";
import { secureDeviceCookie } from "./index";
import { PENDING_COOKIE, readPendingSecondFactor } from "./second-factor-pending";

/** The email of this browser's pending two-factor sign-in, if it holds a valid one. */
export async function pendingSignInEmail(): Promise<string | null> {
  const value = (await cookies()).get(PENDING_COOKIE.name(secureDeviceCookie()))?.value;
  return readPendingSecondFactor(getEnv().AUTH_SECRET, value)?.email ?? null;
}
