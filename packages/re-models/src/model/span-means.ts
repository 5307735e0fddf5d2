import { sparseDenseMatMul } from "@biore/tfjs-kernels";
import type * as tf from "@tensorflow/tfjs-core";
import type { BatchTensors } from "./batch-inputs.js";

/**
 * The two word spans of each pair that the wide paths (lexical weights, trigger
 * lexicon) read, as sparse products over per-token rows [B*T, K]:
 * `between` [P, K], the mean over the words between the pair's closest mentions
 * of `betweenTokens`; `context` [P, K], the mean over the pair's sentences of each
 * sentence's mean over its words of `sentenceTokens`.
 */
export function pairSpanMeans(
  batch: BatchTensors,
  betweenTokens: tf.Tensor2D,
  sentenceTokens: tf.Tensor2D,
): { between: tf.Tensor2D; context: tf.Tensor2D } {
  const between = sparseDenseMatMul(batch.arrays.pairBetween, betweenTokens);
  const sentences = sparseDenseMatMul(batch.arrays.sentenceWords, sentenceTokens); // [B*S, K]
  const context = sparseDenseMatMul(batch.arrays.pairSentences, sentences);
  return { between, context };
}
