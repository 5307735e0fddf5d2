// The linear relation typer as the round-2.5 experiments call it, on top of the library's
// (src/typer/: `typerInputs`, `fitLinearTyper`, `LinearTyper`): features of every candidate
// pair of an encoded dataset, a softmax regression over the relation types (not None) fitted on
// the gold-related pairs of the fit documents only, and its L2 strength chosen on the held-out
// slice's gold pairs. What stays here is experiment-only: the plain `Typer` record the fusion
// scripts re-mask per pair, and the per-pair log priors of the evidence variants.
import type { BioCDocument } from "@biore/bioc-io";
import type { RelationDataset } from "@biore/relation-dataset";
import { TYPER_L2_GRID, fitLinearTyper } from "../../src/typer/fit-typer.js";
import { typerInputs } from "../../src/typer/inputs.js";
import { LinearTyper } from "../../src/typer/linear-typer.js";
import type { PairFeatureOptions } from "./features.js";
import {
  type FeatureIndex,
  type SoftmaxRegression,
  logProbabilities,
} from "./softmax-regression.js";

/** Every candidate pair of a dataset in score order (documents, then pairs), as features. */
export interface TyperPairs {
  /** Feature strings of each pair. */
  features: string[][];
  /** Entity-type pair key of each pair. */
  typePairs: string[];
  /** Gold label id (0 = None). */
  labelIds: Int32Array;
}

/** Features of all candidate pairs, in the order the model scores them (the library's `typerInputs`). */
export function typerPairs(
  dataset: Pick<RelationDataset, "pairs" | "concepts" | "documents" | "labelSpace">,
  documents: readonly BioCDocument[],
  options: PairFeatureOptions = {},
): TyperPairs {
  return typerInputs(dataset, documents, options);
}

/** A fitted typer: classes are label ids 1..L-1 (class = label - 1). */
export interface Typer {
  index: FeatureIndex;
  model: SoftmaxRegression;
  /** Entity-type pair -> allowed classes, from the fit documents' gold relations. */
  allowed: Map<string, Uint8Array>;
  l2: number;
}

/** Types seen for each entity-type pair in the gold pairs of `pairs`. */
export function seenTypes(pairs: TyperPairs, numClasses: number): Map<string, Uint8Array> {
  const allowed = new Map<string, Uint8Array>();
  pairs.labelIds.forEach((label, i) => {
    if (label === 0) return;
    const key = pairs.typePairs[i] as string;
    const mask = allowed.get(key) ?? new Uint8Array(numClasses);
    mask[label - 1] = 1;
    allowed.set(key, mask);
  });
  return allowed;
}

/** The library typer behind a plain `Typer` (its allowed sets as given, no counts). */
function asLinearTyper(typer: Typer): LinearTyper {
  const labels = ["None", ...Array.from({ length: typer.model.numClasses }, (_, c) => `${c + 1}`)];
  const counts = new Map([...typer.allowed].map(([key, mask]) => [key, Float64Array.from(mask)]));
  const options = { typedWords: false, sentenceWords: false };
  return new LinearTyper(labels, typer.index, typer.model, counts, typer.l2, options);
}

/** Mean log-loss and accuracy of a typer on the gold-related pairs of `pairs`. */
export function typerQuality(
  typer: Typer,
  pairs: TyperPairs,
): { logLoss: number; accuracy: number; n: number } {
  return asLinearTyper(typer).quality({
    ...pairs,
    options: { typedWords: false, sentenceWords: false },
  });
}

/** Class log-probabilities of pair `i` (restricted to the types seen for its entity-type pair). */
export function typerLogProbabilities(typer: Typer, pairs: TyperPairs, i: number): Float64Array {
  return logProbabilities(
    typer.model,
    typer.index.encode(pairs.features[i] as string[]),
    typer.allowed.get(pairs.typePairs[i] as string) ?? null,
  );
}

/** L2 strengths tried (on the mean loss); fixed before any run. */
export const L2_GRID = [...TYPER_L2_GRID];

/**
 * Fits the typer on the fit pairs for every L2 strength and keeps the one with the lowest
 * log-loss on the held-out gold pairs (ties: the stronger regularisation): `fitLinearTyper`.
 * `l2`: one strength (no choice) or another grid.
 */
export function fitTyper(
  fit: TyperPairs,
  heldOut: TyperPairs,
  numClasses: number,
  log: (line: string) => void,
  l2: number | readonly number[] = L2_GRID,
): Typer & { grid: { l2: number; logLoss: number; accuracy: number; iterations: number }[] } {
  // the experiments pass inputs without their feature groups: the fit set's stand for both
  const options = "options" in fit ? (fit as ReturnType<typeof typerInputs>).options : undefined;
  const full = {
    typedWords: options?.typedWords === true,
    sentenceWords: options?.sentenceWords === true,
  };
  // class names do not matter here: the experiments index classes by label id - 1
  const labels = ["None", ...Array.from({ length: numClasses }, (_, c) => `${c + 1}`)];
  const { typer, grid } = fitLinearTyper(
    { ...fit, options: full },
    { labels, heldOut: { ...heldOut, options: full }, l2, log },
  );
  return {
    index: typer.index,
    model: typer.model,
    allowed: new Map(typer.allowed),
    l2: typer.l2,
    grid,
  };
}

/**
 * Per pair, the log prior of each type given its entity-type pair: the fit gold pairs' counts
 * + 1 over the types `masks` allows (-Infinity elsewhere).
 */
export function typeLogPriors(
  fit: TyperPairs,
  typePairs: readonly string[],
  masks: readonly Uint8Array[],
): Float64Array[] {
  const counts = new Map<string, Float64Array>();
  fit.labelIds.forEach((label, i) => {
    if (label === 0) return;
    const key = fit.typePairs[i] as string;
    const row = counts.get(key) ?? new Float64Array((masks[0] as Uint8Array).length);
    row[label - 1] = (row[label - 1] as number) + 1;
    counts.set(key, row);
  });
  return masks.map((mask, p) => {
    const row = counts.get(typePairs[p] as string);
    const smoothed = Float64Array.from(mask, (allowed, c) =>
      allowed ? ((row?.[c] ?? 0) as number) + 1 : 0,
    );
    const total = smoothed.reduce((a, b) => a + b, 0);
    return Float64Array.from(smoothed, (x) =>
      x > 0 ? Math.log(x / total) : Number.NEGATIVE_INFINITY,
    );
  });
}
