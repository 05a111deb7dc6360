/**
 * The one check for every same-site return path the app redirects to after something: sign-in's
 * callbackUrl, the signed-in layout's "come back here", and the Link session's return after an
 * OAuth bank. Anything that is not plainly a path on this site gives `fallback`.
 *
 * Browsers strip tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.com` and
 * `/\evil.com` are `//evil.com`, another site. Rather than guess what a browser, a proxy or a
 * framework will normalise, refuse any control character and any backslash, also
 * percent-encoded (decoded repeatedly, since a value may be decoded more than once on its way),
 * and any path that resolves to another origin. Pure and dependency-free: it runs on the server
 * and in the browser.
 */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_RETURN_PATH) return fallback;
  let decoded = value;
  for (let round = 0; round < 4; round++) {
    if (!isPlainPath(decoded)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      // Malformed escapes: nobody can say what another decoder makes of them.
      return fallback;
    }
    if (next === decoded) return value;
    decoded = next;
  }
  // Still changing after four decodes: nested encoding is an attack, not a link.
  return fallback;
}

const MAX_RETURN_PATH = 2048;
const ORIGIN = "http://return-path.invalid";

// C0 controls, DEL and the C1 range, plus the backslash.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\]/;

function isPlainPath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || FORBIDDEN.test(path)) return false;
  try {
    return new URL(path, ORIGIN).origin === ORIGIN;
  } catch {
    return false;
  }
}
