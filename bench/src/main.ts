/**
 * `npm run bench`: runs every benchmark in turn. Each prints its own table and
 * ends with one JSON line; this runner only sequences them.
 */
import { spawnSync } from "node:child_process";

const benches = ["aggregation", "model", "coordinator", "edge"];
let failed = 0;
for (const name of benches) {
  console.log(`\n== bench:${name} ==`);
  const r = spawnSync("npx", ["tsx", `src/${name}.ts`], { stdio: "inherit", cwd: new URL("..", import.meta.url).pathname });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
