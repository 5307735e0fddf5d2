// Seed-level check of a difference between two systems' Dev F1: the per-seed F1 of each
// (run records `<prefix>-s<seed>.json`, biored.ts's or the fusion drivers'), the difference of
// the seed means, and an exact two-sided permutation p over the seed labels. summarize.ts's
// paired bootstrap resamples Dev documents with each system's seed mean held fixed, so it
// leaves seed-to-seed spread out; this is the complement (learning-curve-round26.md).
//
//   PAIRS="results-r26-fusion-0.25/hnm-fused:results-r26-fusion-0.25/base-fused,..." \
//     SEEDS=1,2,3,4,5 METRICS=pair,pairType,all npx tsx experiments/seed-permutation.ts
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng } from "../src/random.js";

const here = dirname(fileURLToPath(import.meta.url));
const seeds = (process.env.SEEDS ?? "1,2,3,4,5").split(",").map(Number);
const metrics = (process.env.METRICS ?? "pairType").split(",");
const pairs = (process.env.PAIRS ?? "").split(",").filter(Boolean);
if (pairs.length === 0) {
  console.error(
    'usage: PAIRS="dir/a:dir/b,..." SEEDS=1,2,3 npx tsx experiments/seed-permutation.ts',
  );
  process.exit(1);
}

type Record = { dev: { [metric: string]: { f1: number } } };
const f1s = (prefix: string, metric: string) =>
  seeds.map((s) => {
    const record = JSON.parse(readFileSync(join(here, `${prefix}-s${s}.json`), "utf8")) as Record;
    const score = record.dev[metric];
    if (!score) throw new Error(`${prefix}-s${s}.json: no Dev ${metric} score`);
    return 100 * score.f1;
  });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Splits of the pooled seeds enumerated exactly up to this many; beyond, a seeded sample of them. */
const MAX_EXACT_SPLITS = 2_000_000;
const SAMPLED_SPLITS = 200_000;

/** n choose k, as a float (only compared with MAX_EXACT_SPLITS). */
function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * Two-sided permutation p of mean(a) - mean(b) over the splits of the pooled seeds in two:
 * every split when there are at most MAX_EXACT_SPLITS (5 + 5 seeds: 252), else SAMPLED_SPLITS
 * random ones (15 + 15 seeds: 155 million splits), counting the observed split (p >= 1/(n+1)).
 */
function permutationP(a: number[], b: number[]): { p: number; splits: string } {
  const pooled = [...a, ...b];
  const observed = Math.abs(mean(a) - mean(b));
  const total = pooled.reduce((x, y) => x + y, 0);
  const isExtreme = (sum: number) =>
    Math.abs(sum / a.length - (total - sum) / b.length) >= observed - 1e-9;
  if (choose(pooled.length, a.length) > MAX_EXACT_SPLITS) {
    const random = createRng(20261201);
    let extreme = 1;
    const order = pooled.map((_, i) => i);
    for (let r = 0; r < SAMPLED_SPLITS; r++) {
      let sum = 0;
      // a partial Fisher-Yates shuffle: the first a.length indices are one random split
      for (let i = 0; i < a.length; i++) {
        const j = i + Math.floor(random() * (order.length - i));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
        sum += pooled[order[i] as number] as number;
      }
      if (isExtreme(sum)) extreme++;
    }
    return { p: extreme / (SAMPLED_SPLITS + 1), splits: `${SAMPLED_SPLITS} sampled splits` };
  }
  let extreme = 0;
  let splits = 0;
  const pick = (start: number, left: number, sum: number) => {
    if (left === 0) {
      splits++;
      if (isExtreme(sum)) extreme++;
      return;
    }
    for (let i = start; i <= pooled.length - left; i++)
      pick(i + 1, left - 1, sum + (pooled[i] as number));
  };
  pick(0, a.length, 0);
  return { p: extreme / splits, splits: `${splits} splits` };
}

console.log(
  "| a − b | metric | a per seed | b per seed | mean a | mean b | a − b | permutation p (two-sided) |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const pair of pairs) {
  const [a, b] = pair.split(":") as [string, string];
  for (const metric of metrics) {
    const x = f1s(a, metric);
    const y = f1s(b, metric);
    const { p, splits } = permutationP(x, y);
    const fmt = (v: number[]) => v.map((f) => f.toFixed(1)).join(" / ");
    console.log(
      `| ${a} − ${b} | ${metric} | ${fmt(x)} | ${fmt(y)} | ${mean(x).toFixed(1)} | ${mean(y).toFixed(1)} | ${(mean(x) - mean(y)).toFixed(1)} | ${p.toFixed(3)} (${splits}) |`,
    );
  }
}
