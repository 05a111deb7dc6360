/**
 * What is kept of an SMTP failure: the error's code, the SMTP command and reply code. Never the
 * message text: servers echo addresses and credentials can appear in connection errors.
 */
export function sanitizeSmtpError(error: unknown): string {
  if (!(error instanceof Error)) return "UNKNOWN";
  const fields = error as Error & { code?: unknown; responseCode?: unknown; command?: unknown };
  const parts = [
    typeof fields.code === "string" && /^[A-Z_]{2,40}$/.test(fields.code) ? fields.code : "ERROR",
    typeof fields.command === "string" && /^[A-Z ]{2,20}$/.test(fields.command) ? fields.command : null,
    typeof fields.responseCode === "number" ? String(fields.responseCode) : null,
  ];
  return parts.filter(Boolean).join(" ");
}

/** A 5xx reply is the server saying "never": retrying the same message cannot help. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
