import { getEnv, type Env } from "@/server/env";

/** What writing an email needs: whether email is on at all, and what links and signs it. */
export interface MailSettings {
  /** False when SMTP_URL is unset (production without mail): notifications stay in the app. */
  enabled: boolean;
  publicUrl: string;
  authSecret: string;
}

export function mailSettingsFromEnv(env: Pick<Env, "SMTP_URL" | "PUBLIC_URL" | "AUTH_SECRET"> = getEnv()): MailSettings {
  return { enabled: env.SMTP_URL !== undefined, publicUrl: env.PUBLIC_URL.replace(/\/+$/, ""), authSecret: env.AUTH_SECRET };
}
