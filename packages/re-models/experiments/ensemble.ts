// Logit averaging over runs (an ensemble of seeds): averages the relation and
// novelty logits that runs wrote with SCORES=1, tunes the None bias and the
// novelty threshold on the held-out slice of Train (as a single model does),
// and scores Dev with the BioRED track scoring. Writes a run JSON that
// summarize.ts reads like any other (objective "<name>", seed 0).
//
//   ENSEMBLE="results-x/baseline-s1 results-x/baseline-s2 results-x/baseline-s3" \
//   OUT=results-x/ensemble-baseline npx tsx experiments/ensemble.ts
//
// Members from REFIT=1 runs store their stage-1 model's held-out scores (pair-scores.ts), so the
// rule is still tuned on models that never trained on the held-out slice. RATE_MATCH=1 (refit
// members only, exploratory): then the None bias and novelty threshold are moved so the averaged
// refit models predict as many pairs and novel pairs on the fit documents as the averaged stage-1
// models do with the tuned rule (refit.ts; no label read).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import {
  type BioredRelation,
  bioredMacroF1,
  bioredScores,
  relationsFromBioC,
} from "@biore/re-metrics";
import { dataFile } from "@biore/test-data";
import {
  type DecisionRule,
  type PairScores,
  decide,
  tuneNoneBias,
  tuneNoveltyThreshold,
} from "../src/index.js";
import { averageScores } from "../src/experiment/index.js";
import { type RunScores, type StoredScores, pairScores } from "./pair-scores.js";
import { rateMatchedNoneBias, rateMatchedNoveltyThreshold } from "./refit.js";

const here = dirname(fileURLToPath(import.meta.url));
const runs = (process.env.ENSEMBLE ?? "").split(/\s+/).filter(Boolean);
const out = process.env.OUT;
if (runs.length === 0 || !out) {
  console.error(
    'usage: ENSEMBLE="results-x/baseline-s1 ..." OUT=results-x/ensemble-baseline npx tsx experiments/ensemble.ts',
  );
  process.exit(1);
}
const loaded = runs.map(
  (r) => JSON.parse(readFileSync(join(here, `${r}.scores.json`), "utf8")) as RunScores,
);

/** The mean of several runs' scores of the same pairs: the runner's `averageScores` (checks the pairs). */
function average(parts: StoredScores[]): PairScores {
  return averageScores(parts.map(pairScores));
}

const heldOut = average(loaded.map((r) => r.heldOut));
const dev = average(loaded.map((r) => r.dev));
const tuned = {
  noneBias: tuneNoneBias(heldOut).noneBias,
  noveltyThreshold: tuneNoveltyThreshold(heldOut),
};
const rule = process.env.RATE_MATCH === "1" ? rateMatched(tuned) : tuned;

/** The tuned rule moved to the refit members' predicted counts on the fit documents. */
function rateMatched(stage1Rule: DecisionRule): DecisionRule {
  const fits = loaded.map((r, i) => {
    if (!r.fit) {
      console.error(`RATE_MATCH=1: ${runs[i]} is not a REFIT=1 run with SCORES=1 (no fit scores)`);
      process.exit(1);
    }
    return r.fit;
  });
  const stage1Fit = average(fits.map((f) => f.stage1));
  const refitFit = average(fits.map((f) => f.refit));
  const noneBias = rateMatchedNoneBias(stage1Fit, stage1Rule, refitFit);
  const withBias = { ...stage1Rule, noneBias };
  return {
    noneBias,
    noveltyThreshold: rateMatchedNoveltyThreshold(stage1Fit, stage1Rule, refitFit, withBias),
  };
}
const decisions = decide(dev, rule);
const labels = (loaded[0] as RunScores).labels;
const pairs = (loaded[0] as RunScores).dev.pairs;
const predictions: BioredRelation[] = [];
decisions.labelIds.forEach((label, q) => {
  if (label === 0) return;
  const [documentId, entity1, entity2] = pairs[q] as [string, string, string];
  predictions.push({
    documentId,
    entity1,
    entity2,
    type: labels[label] as string,
    novel: decisions.novel[q] === 1 ? "Novel" : "No",
  });
});
const devCollection = await readCollection(dataFile("biored", "Dev.BioC.XML"));
const gold = relationsFromBioC(devCollection);
const scores = bioredScores(gold, predictions, {
  entityTypes: devCollection,
  documentIds: devCollection.documents.map((d) => d.id),
});
const goldTypes = [...new Set(gold.map((r) => r.type))].sort();
const perTypeF1 = Object.fromEntries(
  goldTypes.map((t) => [t, scores.perType[t]?.pairType.f1 ?? 0]),
);
const macroF1PairType = bioredMacroF1(scores, goldTypes);
const heldOutF1 = tuneNoneBias(heldOut).f1;
const name = out.split("/").pop() as string;
const record = {
  objective: name.replace(/-s\d+$/, ""),
  seed: 0,
  members: runs,
  decision: rule,
  ...(rule !== tuned ? { tunedDecision: tuned } : {}),
  training: { bestEpoch: 0, bestValidationF1: heldOutF1, history: [] },
  dev: {
    pair: scores.pair,
    pairType: scores.pairType,
    pairNovelty: scores.pairNovelty,
    all: scores.all,
    macroF1PairType,
    perTypeF1,
  },
  seconds: { wall: 0, cpu: 0 },
  predictions,
};
writeFileSync(join(here, `${out}.json`), JSON.stringify(record));
const pct = (x: number) => (x * 100).toFixed(1);
console.log(
  `ensemble of ${runs.length}: held-out +type ${pct(heldOutF1)}; dev pair ${pct(scores.pair.f1)}, +type ${pct(scores.pairType.f1)}, +novelty ${pct(scores.pairNovelty.f1)}, all ${pct(scores.all.f1)}, macro ${pct(macroF1PairType)}`,
);
