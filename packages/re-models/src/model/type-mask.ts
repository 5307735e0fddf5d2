import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import { TYPE_MASK_PARAM, type ParamStore } from "./params.js";

/** What a masked type logit gets added: far below any logit, finite so softmax stays exact. */
export const MASKED_LOGIT = -1e4;

/** Whether a logit is a masked type's (averaging and small offsets keep it far below this cut). */
export const isMaskedLogit = (logit: number): boolean => logit < MASKED_LOGIT / 2;

/**
 * The additive type mask [numEntityTypes^2, numLabels]: 0 where the training
 * documents hold a relation of that type between concepts of that entity-type
 * pair (and always for None), MASKED_LOGIT elsewhere.
 */
export function typeMaskValues(
  documents: readonly EncodedDocument[],
  config: Pick<ModelConfig, "numEntityTypes" | "numLabels">,
): Float32Array {
  const { numEntityTypes: nt, numLabels: l } = config;
  const mask = new Float32Array(nt * nt * l).fill(MASKED_LOGIT);
  for (let row = 0; row < nt * nt; row++) mask[row * l] = 0;
  for (const doc of documents) {
    for (let k = 0; k < doc.pairHead.length; k++) {
      const label = doc.labelIds[k] as number;
      if (label <= 0 || label >= l) continue;
      const head = Math.min(doc.conceptTypeIds[doc.pairHead[k] as number] as number, nt - 1);
      const tail = Math.min(doc.conceptTypeIds[doc.pairTail[k] as number] as number, nt - 1);
      mask[(head * nt + tail) * l + label] = 0;
    }
  }
  return mask;
}

/** Writes the mask of `documents` into the model's type-mask parameter (no-op without one). */
export function setTypeMask(
  params: ParamStore,
  config: ModelConfig,
  documents: readonly EncodedDocument[],
): void {
  const variable = params.get(TYPE_MASK_PARAM);
  if (!config.typeMask || !variable) return;
  tf.tidy(() => variable.assign(tf.tensor(typeMaskValues(documents, config), variable.shape)));
}
