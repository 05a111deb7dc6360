// The command-line tools that run outside Next: their TypeScript entry and the plain-JavaScript
// bundle `npm run build` writes for production (scripts/bundle-tools.mjs). One list, read by the
// bundler, by the npm-script launcher (scripts/run-tool.mjs) and by test/deploy-files.test.ts.
export const TOOLS = {
  worker: { entry: "server/jobs/worker-cli.ts", bundle: "dist/worker.js" },
  migrate: { entry: "db/migrate-cli.ts", bundle: "dist/migrate.js" },
  "rotate-keys": { entry: "server/crypto/rotate-keys-cli.ts", bundle: "dist/rotate-keys.js" },
};

/** Folders whose TypeScript a bundle is built from: a bundle older than any file in them is stale. */
export const SOURCE_FOLDERS = ["server", "db"];
