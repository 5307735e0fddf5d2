// Late fusion of the network's relation logits with the linear typer: each allowed type
// logit gets w x the typer's log-probability of that type (None untouched); the pieces
// variants.ts composes, and the decisions turned into BioRED relations.
import type { BioredRelation } from "@biore/re-metrics";
import {
  type DecisionRule,
  type PairScores,
  decide,
  tuneNoneBias,
  tuneNoveltyThreshold,
} from "../../src/index.js";
import { isMaskedLogit } from "../../src/model/type-mask.js";
import { type Typer, type TyperPairs, typerLogProbabilities } from "./typer.js";

/** Fusion weights tried on the held-out slice; fixed before any Dev figure was read. */
export const FUSION_WEIGHTS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4];

/** [P][L-1] the types the network allows for each pair (its type mask), 1 = allowed. */
export function networkAllowed(scores: PairScores): Uint8Array[] {
  const l = scores.numLabels;
  return Array.from({ length: scores.numPairs }, (_, p) => {
    const mask = new Uint8Array(l - 1);
    for (let k = 1; k < l; k++)
      mask[k - 1] = isMaskedLogit(scores.relationLogits[p * l + k] as number) ? 0 : 1;
    return mask;
  });
}

/** The network's scores with w x typer log-probabilities added to the allowed type logits. */
export function fuse(
  scores: PairScores,
  typerLogp: readonly Float64Array[],
  w: number,
): PairScores {
  const l = scores.numLabels;
  const logits = Float32Array.from(scores.relationLogits);
  for (let p = 0; p < scores.numPairs; p++) {
    const logp = typerLogp[p] as Float64Array;
    for (let k = 1; k < l; k++) {
      const i = p * l + k;
      if (!isMaskedLogit(logits[i] as number))
        logits[i] = (logits[i] as number) + w * (logp[k - 1] as number);
    }
  }
  return { ...scores, relationLogits: logits };
}

/** The decision rule of a scored slice: None bias and novelty threshold tuned on it. */
export function tunedRule(heldOut: PairScores): DecisionRule & { heldOutF1: number } {
  const none = tuneNoneBias(heldOut);
  return {
    noneBias: none.noneBias,
    noveltyThreshold: tuneNoveltyThreshold(heldOut),
    heldOutF1: none.f1,
  };
}

/** The Dev relations a rule predicts (types may be replaced per pair by `typeOverride`). */
export function predictedRelations(
  dev: PairScores,
  rule: DecisionRule,
  pairs: readonly [string, string, string][],
  labels: readonly string[],
  typeOverride?: Int32Array,
): BioredRelation[] {
  const decisions = decide(dev, rule);
  const out: BioredRelation[] = [];
  decisions.labelIds.forEach((label, q) => {
    if (label === 0) return;
    const [documentId, entity1, entity2] = pairs[q] as [string, string, string];
    const type = labels[typeOverride ? (typeOverride[q] as number) : label] as string;
    out.push({
      documentId,
      entity1,
      entity2,
      type,
      novel: decisions.novel[q] === 1 ? "Novel" : "No",
    });
  });
  return out;
}

/** [P] the label id of the best allowed type of each pair (None never), from relation logits. */
export function bestTypes(scores: PairScores): Int32Array {
  const l = scores.numLabels;
  return Int32Array.from({ length: scores.numPairs }, (_, p) => {
    let best = 1;
    for (let k = 2; k < l; k++)
      if (
        (scores.relationLogits[p * l + k] as number) >
        (scores.relationLogits[p * l + best] as number)
      )
        best = k;
    return best;
  });
}

/** [P] the typer's best type (as a label id) of each pair. */
export function typerBestTypes(typerLogp: readonly Float64Array[]): Int32Array {
  return Int32Array.from(typerLogp, (logp) => {
    let best = 0;
    for (let c = 1; c < logp.length; c++)
      if ((logp[c] as number) > (logp[best] as number)) best = c;
    return best + 1;
  });
}

/** [P] 1 where the rule calls the pair a relation. */
export function decisionsFound(scores: PairScores, rule: DecisionRule): Uint8Array {
  return Uint8Array.from(decide(scores, rule).labelIds, (label) => (label !== 0 ? 1 : 0));
}

/**
 * The typer's log-probabilities of every pair, over the types the network allows for it (its
 * type mask); `onDiffer` gets the count of pairs whose typer seen-type set differs from it.
 */
export function typerScoresFor(
  typer: Typer,
  pairs: TyperPairs,
  net: PairScores,
  onDiffer: (count: number) => void,
): Float64Array[] {
  const allowed = networkAllowed(net);
  let differ = 0;
  const out = allowed.map((mask, i) => {
    const own = typer.allowed.get(pairs.typePairs[i] as string);
    if (!own || own.some((x, c) => x !== mask[c])) differ++;
    return typerLogProbabilities(
      { ...typer, allowed: new Map([[pairs.typePairs[i] as string, mask]]) },
      pairs,
      i,
    );
  });
  if (differ > 0) onDiffer(differ);
  return out;
}
