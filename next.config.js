// @ts-check

const production = process.env.NODE_ENV === "production";

/** Headers for every response; the nonce-based Content-Security-Policy is set per request in proxy.ts. */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  // Link opens an OAuth bank's consent page in a popup on desktop (no PLAID_REDIRECT_URI) and
  // needs to stay its opener; windows other sites open still get no handle on ours.
  { key: "Cross-Origin-Opener-Policy", value: "same-origin-allow-popups" },
  ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" }] : []),
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  // .next/standalone/server.js with only the files it needs: what the Docker image runs. `next
  // start` still works (it warns); `npm run start:standalone` runs the standalone server locally.
  output: "standalone",
  // Parallel work on one checkout builds into separate folders (NEXT_DIST_DIR); `npm test` uses .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // Native or WASM packages that must stay plain Node modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "postgres", "prom-client"],
  // Read at run time by path (db/migrate.ts, readiness), so tracing cannot see them.
  outputFileTracingIncludes: { "*": ["db/migrations/**"] },
  // The emulator is started by tests and `npm run dev`, never bundled into the app.
  outputFileTracingExcludes: { "*": ["emulator/**", "bench/**", "e2e/**", ".data/**"] },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
