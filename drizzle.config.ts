import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` reads this; the app and tests apply migrations through db/migrate.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
