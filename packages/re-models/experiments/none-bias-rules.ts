// How should the None bias be chosen on the held-out slice? Compares rules on runs' raw
// scores (SCORES=1 files), without retraining:
//   tuned    — the bias maximizing held-out pair+type F1 (what train() does)
//   expected — the bias maximizing the mean F1 over bootstrap resamples of the held-out slice
//   bagged   — the median of the resamples' best biases
//   zero     — no tuning: a type wins when its logit beats the None logit (ATLOP's rule)
// "held-out CV" is each rule's F1 on one half of the held-out slice when chosen on the other
// (10 random halvings, both ways); the held-out scores carry no document ids, so blocks of
// 59 consecutive pairs (the mean pairs per document; a document's pairs are consecutive)
// stand in for documents. Dev F1 is micro pair+type F1 over the candidate pairs (Dev is only
// reported, never used to choose). Bias grid: −8 … 4 in steps of 0.05.
//
//   npx tsx experiments/none-bias-rules.ts experiments/results-lex10/baseline-s{1,2,3}.scores.json
import { readFileSync } from "node:fs";
import { mulberry32 } from "@biore/internal";
import { scoresFromCounts } from "@biore/re-metrics";
import { typeMargins } from "../src/inference/decision.js";
import { type RunScores, type StoredScores, pairScores } from "./pair-scores.js";

const BLOCK = 59;
const RESAMPLES = 100;
const HALVINGS = 10;
const GRID = Array.from({ length: 241 }, (_, i) => Math.round((-8 + i * 0.05) * 100) / 100);

/** Per pair: type margin over None, whether predicting it hits the gold type, whether gold is a relation. */
interface Pairs {
  margin: Float32Array;
  hit: Uint8Array;
  positive: Uint8Array;
}

function pairsOf(stored: StoredScores): Pairs {
  const scores = pairScores(stored);
  const { bestType, margin } = typeMargins(scores);
  return {
    margin,
    hit: Uint8Array.from(stored.labelIds, (g, p) => (g !== 0 && g === bestType[p] ? 1 : 0)),
    positive: Uint8Array.from(stored.labelIds, (g) => (g !== 0 ? 1 : 0)),
  };
}

/** Pair+type F1 (re-metrics, from the counts) at every grid bias over the pairs `idx`. */
function f1Curve(pairs: Pairs, idx: readonly number[]): number[] {
  let goldPositive = 0;
  for (const p of idx) goldPositive += pairs.positive[p] as number;
  return GRID.map((bias) => {
    let tp = 0;
    let predicted = 0;
    for (const p of idx)
      if ((pairs.margin[p] as number) > bias) {
        predicted++;
        tp += pairs.hit[p] as number;
      }
    return scoresFromCounts(tp, predicted - tp, goldPositive - tp).f1;
  });
}

const argmax = (xs: readonly number[]) =>
  xs.reduce((best, x, i) => (x > (xs[best] as number) ? i : best), 0);

const blocks = (idx: readonly number[]) => {
  const out: number[][] = [];
  for (let s = 0; s < idx.length; s += BLOCK) out.push(idx.slice(s, s + BLOCK));
  return out;
};

type Rule = "tuned" | "expected" | "bagged" | "zero";
const RULES: Rule[] = ["tuned", "expected", "bagged", "zero"];

/** Each rule's bias, chosen on the pairs `idx` (given as document-like blocks). */
function chooseBiases(pairs: Pairs, parts: number[][], rng: () => number): Record<Rule, number> {
  const tuned = GRID[argmax(f1Curve(pairs, parts.flat()))] as number;
  const mean = new Array<number>(GRID.length).fill(0);
  const picks: number[] = [];
  for (let r = 0; r < RESAMPLES; r++) {
    const sample = Array.from(
      { length: parts.length },
      () => parts[Math.floor(rng() * parts.length)] as number[],
    ).flat();
    const curve = f1Curve(pairs, sample);
    picks.push(GRID[argmax(curve)] as number);
    curve.forEach((f, i) => {
      mean[i] = (mean[i] as number) + f / RESAMPLES;
    });
  }
  picks.sort((a, b) => a - b);
  return {
    tuned,
    expected: GRID[argmax(mean)] as number,
    bagged: picks[RESAMPLES >> 1] as number,
    zero: 0,
  };
}

const pct = (x: number) => (x * 100).toFixed(1);
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npx tsx experiments/none-bias-rules.ts <run>.scores.json ...");
  process.exit(1);
}
console.log("| run | rule | bias | held-out CV +type F1 | Dev +type F1 (candidate pairs) |");
console.log("| --- | --- | --- | --- | --- |");
for (const file of files) {
  const run = JSON.parse(readFileSync(file, "utf8")) as RunScores;
  const heldOut = pairsOf(run.heldOut);
  const dev = pairsOf(run.dev);
  const rng = mulberry32(7);
  const all = Array.from(heldOut.margin.keys());
  const parts = blocks(all);
  const cv = Object.fromEntries(RULES.map((r) => [r, [] as number[]])) as Record<Rule, number[]>;
  for (let h = 0; h < HALVINGS; h++) {
    const order = parts.map((_, i) => ({ i, key: rng() })).sort((a, b) => a.key - b.key);
    const half = order.length >> 1;
    const a = order.slice(0, half).map(({ i }) => parts[i] as number[]);
    const b = order.slice(half).map(({ i }) => parts[i] as number[]);
    for (const [choose, judge] of [
      [a, b],
      [b, a],
    ] as const) {
      const biases = chooseBiases(heldOut, choose, rng);
      const curve = f1Curve(heldOut, judge.flat());
      for (const r of RULES) cv[r].push(curve[GRID.indexOf(biases[r])] as number);
    }
  }
  const biases = chooseBiases(heldOut, parts, rng);
  const devCurve = f1Curve(dev, Array.from(dev.margin.keys()));
  const name = file.split("/").slice(-2).join("/").replace(".scores.json", "");
  for (const r of RULES) {
    const mean = cv[r].reduce((s, x) => s + x, 0) / cv[r].length;
    console.log(
      `| ${name} | ${r} | ${biases[r].toFixed(2)} | ${pct(mean)} | ${pct(devCurve[GRID.indexOf(biases[r])] as number)} |`,
    );
  }
  const best = argmax(devCurve);
  console.log(
    `| ${name} | (Dev's own best, not a rule) | ${(GRID[best] as number).toFixed(2)} | — | ${pct(devCurve[best] as number)} |`,
  );
}
