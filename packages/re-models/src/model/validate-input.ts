import type { EncodedDocument } from "@biore/relation-dataset";
import type { ModelConfig } from "../config.js";
import { ModelError } from "../errors.js";

/**
 * Checks that encoded documents fit the model (token ids within the vocabulary,
 * one sentence index per token,
 * label ids within the label space, the same number of pair features); throws
 * `INVALID_INPUT` or `LABEL_SPACE_MISMATCH` naming the document.
 */
export function validateDocuments(
  config: ModelConfig,
  documents: readonly EncodedDocument[],
): void {
  for (const doc of documents) {
    const pairs = doc.pairHead.length;
    if (pairs > 0 && doc.pairFeatures.length !== pairs * config.numPairFeatures) {
      throw new ModelError(
        "INVALID_INPUT",
        `${doc.pairFeatures.length / pairs} pair features per pair, the model expects ${config.numPairFeatures}`,
        doc.documentId,
      );
    }
    if (doc.sentenceIds.length !== doc.tokenIds.length || doc.sentenceIds.some((s) => s < 0)) {
      throw new ModelError(
        "INVALID_INPUT",
        `sentenceIds must give a sentence index >= 0 for each of the ${doc.tokenIds.length} tokens`,
        doc.documentId,
      );
    }
    for (const id of doc.labelIds) {
      if (id < 0 || id >= config.numLabels) {
        throw new ModelError(
          "LABEL_SPACE_MISMATCH",
          `label id ${id} is outside the model's ${config.numLabels} labels (encode with the model's label space)`,
          doc.documentId,
        );
      }
    }
    for (const id of doc.tokenIds) {
      if (id < 0 || id >= config.vocabSize) {
        throw new ModelError(
          "INVALID_INPUT",
          `token id ${id} is outside the vocabulary of ${config.vocabSize} (encode with the model's tokenizer)`,
          doc.documentId,
        );
      }
    }
  }
}
