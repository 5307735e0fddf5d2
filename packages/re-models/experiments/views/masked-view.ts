// The all-names-masked view of encoded documents (round 3.6): every mention's word ids set to 0,
// as training's entity masking does to a masked concept (TrainOptions.entityMask, rate 0.7), so
// the network reads each pair from its context and entity types alone. Bigram inputs skip
// mention tokens, so masking before batching equals training's masking after it.
import type { EncodedDocument } from "@biore/relation-dataset";
import type { PairScores } from "../../src/index.js";
import { zeroMentionWords } from "../../src/training/entity-mask.js";
import type { SetScores } from "../selection/saved-runs.js";

/** Copies of the documents with every mention's token ids zeroed; the inputs are not changed. */
export function maskAllMentions(documents: readonly EncodedDocument[]): EncodedDocument[] {
  return documents.map((doc) => {
    const tokenIds = Int32Array.from(doc.tokenIds);
    zeroMentionWords(doc, tokenIds, 0, () => true);
    return { ...doc, tokenIds };
  });
}

/** (1 − α) × the names view's logits + α × the masked view's, pair by pair, on both sets. */
export function mixViews(names: SetScores, masked: SetScores, alpha: number): SetScores {
  return {
    selection: mix(names.selection, masked.selection, alpha),
    evaluation: mix(names.evaluation, masked.evaluation, alpha),
  };
}

function mix(names: PairScores, masked: PairScores, alpha: number): PairScores {
  if (names.numPairs !== masked.numPairs) throw new Error("the two views scored other pairs");
  const relationLogits = Float32Array.from(
    names.relationLogits,
    (x, i) => (1 - alpha) * x + alpha * (masked.relationLogits[i] as number),
  );
  return { ...names, relationLogits };
}
