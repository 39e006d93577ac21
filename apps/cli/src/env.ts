import { z } from "zod";

/** The CLI's environment, read once; flags override it. */
export const cliEnvSchema = z.object({
  /** Coordinator base URL for `tributary admin`. */
  TRIBUTARY_URL: z.string().url().default("http://127.0.0.1:4100"),
  TRIBUTARY_ADMIN_TOKEN: z.string().optional(),
  /** Where fetched data sets and embedding caches live. */
  TRIBUTARY_CACHE_DIR: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  /** The folder `npm run …` was started from (npm sets it); relative output paths resolve against it. */
  INIT_CWD: z.string().optional(),
});
export type CliEnv = z.infer<typeof cliEnvSchema>;

/** Parses `process.env` (or `source`); invalid values are reported, not ignored. */
export function readCliEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = cliEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
