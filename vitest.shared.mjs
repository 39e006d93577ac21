import path from "node:path";

const repoRoot = path.dirname(new URL(import.meta.url).pathname);

/**
 * The one vitest configuration every workspace uses. Under CI (or with
 * TRIBUTARY_TEST_REPORT=1) each workspace also writes a JSON report to
 * `.reports/<workspace>.json`, which `.ci/run` sums into its closing line.
 * @param {string} dir the workspace folder
 */
export function sharedTestConfig(dir) {
  const name = path.relative(repoRoot, dir).replaceAll(path.sep, "-");
  const report = process.env.CI === "true" || process.env.TRIBUTARY_TEST_REPORT === "1";
  return {
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: "forks",
      reporters: report
        ? ["default", ["json", { outputFile: path.join(repoRoot, ".reports", `${name}.json`) }]]
        : ["default"],
    },
  };
}
