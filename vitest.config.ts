import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// `server-only` throws outside React Server Components; tests import server code directly.
const alias = { "@": root, "server-only": `${root}test/server-only-stub.ts` };

// Unit tests run once. Integration tests (`*.int.test.ts`) run twice: once on an in-memory
// PGlite per file and once on a real PostgreSQL server started by test/global-setup.ts.
export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{server,db,emulator,components,app,test}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "pglite",
          include: ["{server,db,emulator,app}/**/*.int.test.ts"],
          env: { TEST_DRIVER: "pglite" },
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["{server,db,emulator,app}/**/*.int.test.ts"],
          env: { TEST_DRIVER: "postgres" },
          globalSetup: ["test/global-setup.ts"],
          environment: "node",
        },
      },
    ],
  },
});
