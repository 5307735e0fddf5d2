// The three parts of Train (or Train and Dev) an epoch-selection run needs: the documents the
// network and the typer fit, the selection slice (model selection, decision rule) and the
// evaluation set the rules are judged on.
import type { BioCDocument } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import type { RelationDataset } from "@biore/relation-dataset";
import { encodeLike, holdOutForSelection } from "../../src/experiment/index.js";
import { HELD_OUT_FOLDS, heldOutFold, usualFitDataset } from "../held-out-folds.js";
import { BIORED_TOKENIZER, HELD_OUT_FRACTION, HELD_OUT_SEED } from "../settings.js";

export interface SelectionSplit {
  fit: RelationDataset;
  fitDocuments: BioCDocument[];
  selection: RelationDataset;
  selectionDocuments: BioCDocument[];
  evaluation: RelationDataset;
  evaluationDocuments: BioCDocument[];
}

/**
 * The half of a selection slice that still selects (round 5.5): the documents at even positions
 * (in Train's order); the others join the fit documents. The slice is itself a seeded draw, so a
 * fixed rule on positions is as random as another draw would be and needs no seed of its own.
 */
export const selectionHalf = (slice: readonly BioCDocument[]): BioCDocument[] =>
  slice.filter((_, i) => i % 2 === 0);

/** The fold whose slice run `fold` is evaluated on: the next one (5 -> 1). */
export const evaluationFoldOf = (fold: number) => (fold % HELD_OUT_FOLDS) + 1;

/**
 * Fold run: selection on fold `fold`'s slice, evaluation on the next fold's slice (or on
 * `evaluationFold`'s, round 4.8), fit on the rest of Train — encoded with the usual fold-1
 * tokenizer (the word2vec vectors are keyed to it), whose vocabulary saw every slice but 1; with
 * `ownTokenizer`, with one fitted on the fit documents alone, so both slices are read as Dev is
 * (the vectors are then remapped by token, `run-steps.ts`).
 */
export function twoSliceFold(
  train: readonly BioCDocument[],
  fold: number,
  maxTokens: number,
  {
    evaluationFold = evaluationFoldOf(fold),
    ownTokenizer = false,
    halfSlice = false,
  }: { evaluationFold?: number; ownTokenizer?: boolean; halfSlice?: boolean } = {},
): SelectionSplit {
  if (evaluationFold === fold) throw new Error(`fold ${fold} cannot select and evaluate`);
  const slice = heldOutFold(train, fold).heldOut;
  const selectionDocuments = halfSlice ? selectionHalf(slice) : slice;
  const evaluationDocuments = heldOutFold(train, evaluationFold).heldOut;
  const out = new Set([...selectionDocuments, ...evaluationDocuments]);
  const fitDocuments = train.filter((d) => !out.has(d));
  if (ownTokenizer)
    return withTokenizerOf(
      buildDataset(fitDocuments, {
        tokenizerOptions: BIORED_TOKENIZER,
        pairFilter: "seen-type-pairs",
        maxTokens,
      }),
      fitDocuments,
      selectionDocuments,
      evaluationDocuments,
      maxTokens,
    );
  return withUsualTokenizer(
    train,
    fitDocuments,
    selectionDocuments,
    evaluationDocuments,
    maxTokens,
  );
}

/**
 * Dev run selecting on fold `fold`'s slice, or on `slices` consecutive folds' slices from it
 * (5 -> 1): fit on the rest of Train (the usual fold-1 tokenizer), evaluation on Dev. Fold 1
 * alone is the usual split. `fitWithout` leaves that fold's slice out of the fit documents too
 * (320 fit documents, as the Train-fold runs have; round 5.4). `halfSlice` selects on half of the
 * slice and fits the other half too (20 and 380 documents; round 5.5).
 */
export function foldSplitWithDev(
  train: readonly BioCDocument[],
  dev: readonly BioCDocument[],
  fold: number,
  maxTokens: number,
  {
    slices = 1,
    fitWithout,
    halfSlice = false,
  }: { slices?: number; fitWithout?: number; halfSlice?: boolean } = {},
): SelectionSplit {
  if (fold === 1 && slices === 1 && fitWithout === undefined && !halfSlice)
    return usualSplitWithDev(train, dev, maxTokens);
  if (halfSlice && slices !== 1) throw new Error("a half slice is half of one slice");
  const selectionFolds = Array.from(
    { length: slices },
    (_, i) => ((fold - 1 + i) % HELD_OUT_FOLDS) + 1,
  );
  if (fitWithout !== undefined && selectionFolds.includes(fitWithout))
    throw new Error(`FIT_WITHOUT=${fitWithout} is a selection slice`);
  const slice = selectionFolds.flatMap((k) => heldOutFold(train, k).heldOut);
  const held = new Set(halfSlice ? selectionHalf(slice) : slice);
  const unused = new Set(fitWithout === undefined ? [] : heldOutFold(train, fitWithout).heldOut);
  const selectionDocuments = train.filter((d) => held.has(d));
  const fitDocuments = train.filter((d) => !held.has(d) && !unused.has(d));
  return withUsualTokenizer(train, fitDocuments, selectionDocuments, [...dev], maxTokens);
}

/** The three parts encoded with the usual fold-1 tokenizer (the word2vec vectors are keyed to it). */
function withUsualTokenizer(
  train: readonly BioCDocument[],
  fitDocuments: BioCDocument[],
  selectionDocuments: BioCDocument[],
  evaluationDocuments: BioCDocument[],
  maxTokens: number,
): SelectionSplit {
  const { tokenizer } = usualFitDataset(train, maxTokens);
  const fit = buildDataset(fitDocuments, { tokenizer, pairFilter: "seen-type-pairs", maxTokens });
  return withTokenizerOf(fit, fitDocuments, selectionDocuments, evaluationDocuments, maxTokens);
}

/** The selection and evaluation documents encoded like `fit` (its tokenizer, labels, pairs). */
function withTokenizerOf(
  fit: RelationDataset,
  fitDocuments: BioCDocument[],
  selectionDocuments: BioCDocument[],
  evaluationDocuments: BioCDocument[],
  maxTokens: number,
): SelectionSplit {
  return {
    fit,
    fitDocuments,
    selection: encodeLike(fit, selectionDocuments, { maxTokens }),
    selectionDocuments,
    evaluation: encodeLike(fit, evaluationDocuments, { maxTokens }),
    evaluationDocuments,
  };
}

/** Dev run: the usual split of Train (as biored.ts), evaluation on Dev. */
export function usualSplitWithDev(
  train: readonly BioCDocument[],
  dev: readonly BioCDocument[],
  maxTokens: number,
): SelectionSplit {
  const split = holdOutForSelection(train, {
    seed: HELD_OUT_SEED,
    fraction: HELD_OUT_FRACTION,
    dataset: { tokenizerOptions: BIORED_TOKENIZER, maxTokens },
  });
  return {
    fit: split.fit,
    fitDocuments: [...split.fitDocuments],
    selection: split.validation,
    selectionDocuments: [...split.validationDocuments],
    evaluation: encodeLike(split.fit, dev, { maxTokens }),
    evaluationDocuments: [...dev],
  };
}
