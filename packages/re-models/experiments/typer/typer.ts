// The linear relation typer: features of every candidate pair of an encoded dataset, a
// softmax regression over the relation types (not None) fitted on the gold-related pairs of
// the fit documents only, and its L2 strength chosen on the held-out slice's gold pairs.
import type { BioCDocument } from "@biore/bioc-io";
import { type RelationDataset, typePairKey } from "@biore/relation-dataset";
import { type PairFeatureOptions, documentWords, pairFeatures } from "./features.js";
import {
  FeatureIndex,
  type SoftmaxRegression,
  type SparseExample,
  fitSoftmaxRegression,
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

/** Features of all candidate pairs, in the order the model scores them. */
export function typerPairs(
  dataset: Pick<RelationDataset, "pairs" | "concepts" | "documents" | "labelSpace">,
  documents: readonly BioCDocument[],
  options: PairFeatureOptions = {},
): TyperPairs {
  const features: string[][] = [];
  const typePairs: string[] = [];
  const labels: number[] = [];
  dataset.pairs.forEach((pairs, d) => {
    const words = documentWords(documents[d] as BioCDocument, dataset.concepts[d] ?? []);
    for (const pair of pairs) {
      features.push(pairFeatures(words, pair, options));
      typePairs.push(typePairKey(pair.head.type, pair.tail.type));
      labels.push(dataset.labelSpace.id(pair.label));
    }
  });
  return { features, typePairs, labelIds: Int32Array.from(labels) };
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

function goldExamples(
  pairs: TyperPairs,
  index: FeatureIndex,
  allowed: Map<string, Uint8Array>,
): SparseExample[] {
  const out: SparseExample[] = [];
  pairs.labelIds.forEach((label, i) => {
    if (label === 0) return;
    out.push({
      features: index.encode(pairs.features[i] as string[]),
      label: label - 1,
      allowed: allowed.get(pairs.typePairs[i] as string) ?? null,
    });
  });
  return out;
}

/** Mean log-loss and accuracy of a typer on the gold-related pairs of `pairs`. */
export function typerQuality(
  typer: Typer,
  pairs: TyperPairs,
): { logLoss: number; accuracy: number; n: number } {
  let loss = 0;
  let right = 0;
  let n = 0;
  pairs.labelIds.forEach((label, i) => {
    if (label === 0) return;
    const logp = typerLogProbabilities(typer, pairs, i);
    let best = 0;
    for (let c = 1; c < logp.length; c++)
      if ((logp[c] as number) > (logp[best] as number)) best = c;
    // a gold type the typer does not allow for this entity-type pair costs a capped loss
    loss -= Math.max(logp[label - 1] as number, Math.log(1e-6));
    if (best === label - 1) right++;
    n++;
  });
  return { logLoss: loss / n, accuracy: right / n, n };
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
export const L2_GRID = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];

/**
 * Fits the typer on the fit pairs for every L2 strength and keeps the one with the lowest
 * log-loss on the held-out gold pairs (ties: the stronger regularisation).
 */
export function fitTyper(
  fit: TyperPairs,
  heldOut: TyperPairs,
  numClasses: number,
  log: (line: string) => void,
): Typer & { grid: { l2: number; logLoss: number; accuracy: number; iterations: number }[] } {
  const index = new FeatureIndex();
  const allowed = seenTypes(fit, numClasses);
  const examples = goldExamples(fit, index, allowed);
  index.freeze();
  log(`typer: ${examples.length} gold fit pairs, ${index.size} features, ${numClasses} types`);
  const grid: { l2: number; logLoss: number; accuracy: number; iterations: number }[] = [];
  let best: Typer | null = null;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const l2 of [...L2_GRID].reverse()) {
    const model = fitSoftmaxRegression(examples, index.size, numClasses, { l2 });
    const typer: Typer = { index, model, allowed, l2 };
    const q = typerQuality(typer, heldOut);
    grid.push({ l2, logLoss: q.logLoss, accuracy: q.accuracy, iterations: model.iterations });
    log(
      `typer l2 ${l2}: held-out gold pairs ${q.n}, log-loss ${q.logLoss.toFixed(4)}, accuracy ${(100 * q.accuracy).toFixed(1)} % (${model.iterations} L-BFGS iterations)`,
    );
    if (q.logLoss < bestLoss - 1e-9) {
      bestLoss = q.logLoss;
      best = typer;
    }
  }
  return { ...(best as Typer), grid: grid.reverse() };
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
