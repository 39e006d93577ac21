/**
 * `npm run bench:model`: the model's figures as a table, then ONE JSON line
 * with every figure (issue 4 item 4). Head figures come from model-heads.ts;
 * encoder figures from model-encoders.ts when that file exists — it exports
 * `benchEncoders(): Promise<BenchFigure[]>`.
 */
import { existsSync } from "node:fs";
import { benchCatalogScoring, benchRankingTraining, type BenchFigure } from "./model-heads.js";

const figures: BenchFigure[] = [];
const encoders = new URL("./model-encoders.ts", import.meta.url);
if (existsSync(encoders)) {
  // A variable specifier: the file is optional, so the typecheck must not require it.
  const specifier: string = "./model-encoders.js";
  const mod = (await import(specifier)) as { benchEncoders: () => Promise<BenchFigure[]> };
  figures.push(...(await mod.benchEncoders()));
}
figures.push(...(await benchRankingTraining()));
figures.push(...(await benchCatalogScoring()));

const width = Math.max(...figures.map((f) => f.name.length));
console.log(`${"figure".padEnd(width)}  ${"value".padStart(12)}  unit`);
for (const f of figures) console.log(`${f.name.padEnd(width)}  ${format(f.value).padStart(12)}  ${f.unit}`);
console.log(JSON.stringify(Object.fromEntries(figures.map((f) => [f.key, Number(format(f.value))]))));

function format(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3);
}
