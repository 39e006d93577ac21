import { defineConfig } from "drizzle-kit";

/** drizzle-kit settings: `npm run db:generate -w @tributary/db -- --name <intent>` writes a migration to ./drizzle. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./drizzle",
  casing: "snake_case",
});
