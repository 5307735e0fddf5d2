// Markdown table of the pre-training experiment's runs (experiments/results/pretraining/*.json).
//
//   npx tsx experiments/pretraining-summary.ts
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pretrainingDir } from "./pretraining-paths.js";

interface Score {
  f1: number;
  precision: number;
  recall: number;
}
interface Run {
  name: string;
  seed: number;
  settings: { epochs: number };
  training: { bestEpoch: number; bestValidationF1: number | null };
  dev: { pair: Score; pairType: Score; all: Score };
  seconds: { cpu: number };
}

const pct = (x: number) => (x * 100).toFixed(1);
const runs = readdirSync(pretrainingDir)
  .filter((f) => /^(random|pretrained)-.*\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(join(pretrainingDir, f), "utf8")) as Run)
  .sort(
    (a, b) =>
      a.settings.epochs - b.settings.epochs || a.seed - b.seed || a.name.localeCompare(b.name),
  );
const lines = [
  "| run | epochs | seed | best epoch | held-out pair+type F1 | Dev pair F1 | Dev pair+type F1 | Dev all (+type +novelty) F1 | cpu s |",
  "|---|---|---|---|---|---|---|---|---|",
  ...runs.map(
    (r) =>
      `| ${r.name} | ${r.settings.epochs} | ${r.seed} | ${r.training.bestEpoch} | ${r.training.bestValidationF1 === null ? "-" : pct(r.training.bestValidationF1)} | ${pct(r.dev.pair.f1)} | ${pct(r.dev.pairType.f1)} | ${pct(r.dev.all.f1)} | ${r.seconds.cpu.toFixed(0)} |`,
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
