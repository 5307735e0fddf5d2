// Where the fused system's pair decisions go wrong on Train folds (diagnostic, round 2.9):
// precision and recall of the R2-epoch fused decisions per pair attribute, pooled over the
// fold runs' evaluation slices (Train documents only; no Dev).
//
//   DIR=results-r27-sel-folds npx tsx experiments/pair-errors.ts
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NUM_PAIR_FEATURES } from "@biore/relation-dataset";
import { decide, tuneNoneBias } from "../src/index.js";
import { margins } from "./context/features.js";
import { savedRunNames, openSavedRuns } from "./selection/saved-runs.js";

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, process.env.DIR ?? "results-r27-sel-folds");
const objective = process.env.OBJECTIVE ?? "baseline";
const read = await openSavedRuns(false);

type Tally = { tp: number; fp: number; fn: number };
const tallies = new Map<string, Map<string, Tally>>();
const add = (attribute: string, value: string, gold: boolean, found: boolean) => {
  const byValue = tallies.get(attribute) ?? new Map<string, Tally>();
  const t = byValue.get(value) ?? { tp: 0, fp: 0, fn: 0 };
  if (gold && found) t.tp++;
  else if (found) t.fp++;
  else if (gold) t.fn++;
  byValue.set(value, t);
  tallies.set(attribute, byValue);
};

let runs = 0;
for (const name of savedRunNames(dir)) {
  if (!name.startsWith(`${objective}-f`)) continue;
  const run = read(dir, name);
  runs++;
  const { split } = run.split;
  const bias = tuneNoneBias(run.fused.selection).noneBias;
  const decisions = decide(run.fused.evaluation, { noneBias: bias, noveltyThreshold: 0.5 });
  const m = margins(run.fused.evaluation);
  let offset = 0;
  split.evaluation.pairs.forEach((pairs, d) => {
    const doc = split.evaluation.documents[d];
    if (!doc) throw new Error("missing document");
    const f = doc.pairFeatures;
    const goldConcepts = new Set<string>();
    pairs.forEach((pair, i) => {
      if ((doc.labelIds[i] as number) !== 0) {
        goldConcepts.add(pair.head.key);
        goldConcepts.add(pair.tail.key);
      }
    });
    pairs.forEach((pair, i) => {
      const p = offset + i;
      const gold = (doc.labelIds[i] as number) !== 0;
      const found = (decisions.labelIds[p] as number) !== 0;
      const o = i * NUM_PAIR_FEATURES;
      const count = (x: number) => Math.round(Math.expm1(x));
      const shared = count(f[o] as number);
      const distance = count(f[o + 1] as number);
      const mentions = [count(f[o + 2] as number), count(f[o + 3] as number)].sort((a, b) => a - b);
      const inGold = [pair.head.key, pair.tail.key].filter((c) => goldConcepts.has(c)).length;
      add("types", [pair.head.type, pair.tail.type].sort().join("–"), gold, found);
      add("shared sentences", String(Math.min(shared, 3)), gold, found);
      add("sentence distance", String(Math.min(distance, 4)), gold, found);
      add("fewer mentions", String(Math.min(mentions[0] as number, 4)), gold, found);
      add("in title", String((f[o + 4] as number) + (f[o + 5] as number)), gold, found);
      add("concepts in some gold pair of the document", String(inGold), gold, found);
      add(
        "margin − bias",
        String(Math.max(-3, Math.min(3, Math.floor((m[p] as number) - bias)))),
        gold,
        found,
      );
    });
    offset += pairs.length;
  });
}

console.log(`${objective}: ${runs} fold runs, evaluation slices pooled (each pair once per run)\n`);
for (const [attribute, byValue] of tallies) {
  console.log(`| ${attribute} | gold | found | TP | FP | FN | P | R |`);
  console.log("|---|---|---|---|---|---|---|---|");
  for (const [value, t] of [...byValue].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const pct = (a: number, b: number) => (b === 0 ? "–" : ((100 * a) / b).toFixed(1));
    console.log(
      `| ${value} | ${t.tp + t.fn} | ${t.tp + t.fp} | ${t.tp} | ${t.fp} | ${t.fn} | ${pct(t.tp, t.tp + t.fp)} | ${pct(t.tp, t.tp + t.fn)} |`,
    );
  }
  console.log("");
}
