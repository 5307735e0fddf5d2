// Round 4.8: an ensemble whose members selected on different held-out slices (so fitted different
// documents). Their selection slices differ, so no one None bias can be tuned on the averaged
// scores; each member's own bias (tuned on its own slice, typer fused, as the library does for one
// model) moves its None logit instead, and the shifted logits are averaged and decided at bias 0.
// With equal slices this is the "mean of the members' biases" rule on the usual average.
import type { BioredRelation } from "@biore/re-metrics";
import { type PairScores, tuneNoneBias } from "../../src/index.js";
import { predictedRelations } from "../typer/fusion.js";
import { type SavedRun, noveltyFrom } from "./saved-runs.js";

type PairKey = [string, string, string];
const keyOf = ([d, h, t]: PairKey) => `${d}\t${h}\t${t}`;

/** The evaluation pairs a run scored, in its score order. */
const evaluationPairs = (run: SavedRun): PairKey[] =>
  run.split.split.evaluation.pairs
    .flat()
    .map((p): PairKey => [p.documentId, p.head.identifier, p.tail.identifier]);

/** A member's typer-fused evaluation logits with its own selection-slice None bias added to None. */
function shiftedLogits(run: SavedRun): Float32Array {
  const noneBias = tuneNoneBias(run.fused.selection).noneBias;
  const logits = Float32Array.from(run.fused.evaluation.relationLogits);
  const l = run.fused.evaluation.numLabels;
  for (let p = 0; p < logits.length / l; p++) logits[p * l] = (logits[p * l] as number) + noneBias;
  return logits;
}

/** What {@link crossFitRelations} decided, and how often members disagreed on the candidate pairs. */
export interface CrossFitDecision {
  predictions: BioredRelation[];
  /** Pairs some member did not score (its fit documents never related that entity-type pair). */
  partialPairs: number;
}

/**
 * The members' shifted logits averaged over the members that scored each pair (the union of
 * their candidate pairs; a type a member masks stays near-masked in the mean) and decided at
 * None bias 0. Members must share the evaluation documents and label space. Novelty as the first
 * member recorded it (novelty logits are not saved).
 */
export function crossFitRelations(members: readonly SavedRun[]): CrossFitDecision {
  const first = members[0];
  if (!first) throw new Error("a cross-fitted ensemble needs members");
  const labels = first.split.split.fit.labelSpace.labels;
  const l = labels.length;
  for (const m of members)
    if (m.split.split.fit.labelSpace.labels.join() !== labels.join())
      throw new Error(`${m.name}: its label space differs from ${first.name}'s`);
  const pairs: PairKey[] = [];
  const index = new Map<string, number>();
  const sums: number[][] = [];
  const counts: number[] = [];
  for (const member of members) {
    const logits = shiftedLogits(member);
    evaluationPairs(member).forEach((pair, p) => {
      const key = keyOf(pair);
      let q = index.get(key);
      if (q === undefined) {
        q = pairs.length;
        index.set(key, q);
        pairs.push(pair);
        sums.push(new Array(l).fill(0));
        counts.push(0);
      }
      const row = sums[q] as number[];
      for (let k = 0; k < l; k++) row[k] = (row[k] as number) + (logits[p * l + k] as number);
      counts[q] = (counts[q] as number) + 1;
    });
  }
  const relationLogits = Float32Array.from(
    sums.flatMap((row, q) => row.map((s) => s / (counts[q] as number))),
  );
  const scores: PairScores = {
    numPairs: pairs.length,
    numLabels: l,
    relationLogits,
    noveltyLogits: new Float32Array(pairs.length),
    embeddingDim: 0,
    labelIds: new Int32Array(pairs.length),
    novelIds: new Int32Array(pairs.length),
  };
  const novelty = noveltyFrom(first.recorded);
  const predictions = predictedRelations(
    scores,
    { noneBias: 0, noveltyThreshold: 0.5 },
    pairs,
    labels,
  ).map((r) => ({ ...r, novel: novelty(r.documentId, r.entity1, r.entity2) }));
  return {
    predictions,
    partialPairs: counts.filter((c) => c < members.length).length,
  };
}
