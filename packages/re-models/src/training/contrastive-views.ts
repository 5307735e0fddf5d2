import type { EncodedDocument } from "@biore/relation-dataset";
import { ModelError } from "../errors.js";
import type { BatchArrays } from "../model/batch-inputs.js";
import { maskEntityWords } from "./entity-mask.js";

/**
 * A second view of a training batch for the contrastive term (`HnmOptions.view`): the trainer
 * runs the network once more on the view's arrays and contrasts each chosen pair's two
 * projections (SupCon over both views, positives = same relation type, so a pair's other
 * view is always one of its positives). A view returns new arrays and never changes `arrays`,
 * which the cross-entropy step still reads.
 */
export interface PairView {
  /** This view of the batch built from `docs`; `seed` drives any random choice. */
  of(docs: readonly EncodedDocument[], arrays: BatchArrays, seed: number): BatchArrays;
}

/** Options of {@link TypeTokenView}. */
export interface TypeTokenViewOptions {
  /** Probability that a concept's mentions keep only their entity type in this view (default 0.7). */
  rate?: number;
}

/**
 * The view with entity names replaced by their type tokens: each concept's mentions, with
 * probability `rate`, lose their word ids and keep only the entity-type embedding (the same
 * replacement as `TrainOptions.entityMask`, drawn independently). The two views of a pair then
 * differ in which names the model can see, so agreeing on them means leaning on the context.
 */
export class TypeTokenView implements PairView {
  readonly rate: number;

  constructor(options: TypeTokenViewOptions = {}) {
    const rate = options.rate ?? 0.7;
    if (!(rate >= 0 && rate <= 1))
      throw new ModelError(
        "INVALID_CONFIG",
        `TypeTokenView rate must be a probability in [0, 1], got ${rate}`,
      );
    this.rate = rate;
  }

  of(docs: readonly EncodedDocument[], arrays: BatchArrays, seed: number): BatchArrays {
    const view = { ...arrays, tokenIds: arrays.tokenIds.slice() };
    maskEntityWords(docs, view, this.rate, seed);
    return view;
  }
}
