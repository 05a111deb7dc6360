import type { Env } from "./env";

/** The exact URL react-plaid-link injects; a marker with this src makes its loader stand down. */
export const PLAID_CDN_LINK_SCRIPT = "https://cdn.plaid.com/link/v2/stable/link-initialize.js";

/**
 * Where the browser gets Plaid Link. With the emulator the page loads the emulator's script itself
 * (before hydration) so nothing ever reaches Plaid's CDN; against real Plaid, react-plaid-link
 * loads the CDN script as usual.
 */
export function linkScriptFor(env: Pick<Env, "PLAID_ENV" | "PLAID_BASE_URL">): { src: string; origin: string } | null {
  if (env.PLAID_ENV !== "emulator") return null;
  return { src: `${env.PLAID_BASE_URL}/link/link-initialize.js`, origin: new URL(env.PLAID_BASE_URL).origin };
}
