// Several disjoint held-out slices of BioRED Train, for choosing hyperparameters on Train
// alone (experiments/hparam-search.ts). One 40-document slice is too small to rank
// configurations; the mean over HELD_OUT_FOLDS slices is less noisy.
//
// Fold 1 is the experiments' usual slice (HELD_OUT_SEED), so a fold-1 run trains exactly as
// biored.ts always has. Folds 2.. are further disjoint slices of the same size taken from the
// rest of Train (a seeded shuffle). Every fold keeps the tokenizer fitted on Train minus fold
// 1, because the word2vec vectors (pretraining-vectors.ts) are keyed to it: a fold >= 2's
// held-out documents were seen, unlabeled, by the tokenizer and word2vec (never their
// relations) — the same for every configuration, so rankings stay fair.
import type { BioCDocument } from "@biore/bioc-io";
import { buildDataset, shuffled, splitHeldOut } from "@biore/relation-dataset";
import { type TrainingData, encodeLike } from "../src/experiment/index.js";
import { BIORED_TOKENIZER, HELD_OUT_FRACTION, HELD_OUT_SEED } from "./settings.js";

/** Folds `HELD_OUT_FOLD` may name: 1..this (the slices are disjoint, 40 documents each). */
export const HELD_OUT_FOLDS = 5;

/**
 * The folds a cross-validation driver runs on, from its FOLDS variable ("1,3,5"; every fold
 * when unset). A name outside 1..HELD_OUT_FOLDS is an error, not a fold quietly skipped.
 */
export function foldsFromEnv(value: string | undefined): number[] {
  if (value === undefined) return Array.from({ length: HELD_OUT_FOLDS }, (_, i) => i + 1);
  const folds = value.split(",").map(Number);
  if (folds.some((k) => !Number.isInteger(k) || k < 1 || k > HELD_OUT_FOLDS))
    throw new RangeError(`FOLDS must name folds in 1..${HELD_OUT_FOLDS}, got ${value}`);
  return folds;
}

/** The held-out slice of fold `fold` (1-based) and the rest of Train, in Train's order. */
export function heldOutFold(
  documents: readonly BioCDocument[],
  fold: number,
): { train: BioCDocument[]; heldOut: BioCDocument[] } {
  if (!Number.isInteger(fold) || fold < 1 || fold > HELD_OUT_FOLDS)
    throw new RangeError(`HELD_OUT_FOLD must be an integer in 1..${HELD_OUT_FOLDS}, got ${fold}`);
  const usual = splitHeldOut(documents, HELD_OUT_FRACTION, HELD_OUT_SEED);
  if (fold === 1) return usual;
  const size = usual.heldOut.length;
  const rest = shuffled(usual.train, HELD_OUT_SEED + 1);
  const held = new Set(rest.slice((fold - 2) * size, (fold - 1) * size));
  if (held.size < size)
    throw new RangeError(`Train has too few documents for fold ${fold} of ${size} documents`);
  return {
    train: documents.filter((d) => !held.has(d)),
    heldOut: documents.filter((d) => held.has(d)),
  };
}

/**
 * Train minus the usual (fold-1) slice, encoded with a tokenizer fitted on it: every fold run
 * keeps this tokenizer, because the word2vec vectors are keyed to it.
 */
export function usualFitDataset(documents: readonly BioCDocument[], maxTokens: number) {
  const usual = splitHeldOut(documents, HELD_OUT_FRACTION, HELD_OUT_SEED);
  return buildDataset(usual.train, {
    tokenizerOptions: BIORED_TOKENIZER,
    pairFilter: "seen-type-pairs",
    maxTokens,
  });
}

/**
 * Train split for fold `fold`: the fit part encoded with the fold-1 tokenizer (so the
 * word2vec vectors apply), the held-out part encoded like it.
 */
export function foldTrainingData(
  documents: readonly BioCDocument[],
  fold: number,
  maxTokens: number,
): TrainingData {
  const usualFit = usualFitDataset(documents, maxTokens);
  const parts = heldOutFold(documents, fold);
  const fit =
    fold === 1
      ? usualFit
      : buildDataset(parts.train, {
          tokenizer: usualFit.tokenizer,
          pairFilter: "seen-type-pairs",
          maxTokens,
        });
  const validation = encodeLike(fit, parts.heldOut, { maxTokens });
  return { fit, validation, fitDocuments: parts.train, validationDocuments: parts.heldOut };
}
