import type * as tf from "@tensorflow/tfjs-core";
import { MetricLearningError } from "../errors.js";
import type { Labels } from "../types.js";
import { checkFiniteRows, onHostBackend } from "./finite.js";

/**
 * Everything a miner or loss needs about one call: the query embeddings, the reference set
 * (the embeddings themselves unless given), both label arrays on the host, and which
 * reference row is each query's own copy (so self-pairs are never used).
 */
export interface MetricContext {
  /** Query embeddings, [N, D]. */
  readonly embeddings: tf.Tensor2D;
  /** Query labels, length N. */
  readonly labels: Int32Array;
  /** Reference embeddings, [M, D]; the same tensor as `embeddings` when no reference was given. */
  readonly ref: tf.Tensor2D;
  /** Reference labels, length M. */
  readonly refLabels: Int32Array;
  /** `selfIndex[i]` is the reference row that is query row i itself, or -1; null means none. */
  readonly selfIndex: Int32Array | null;
}

/** Labels are class ids: non-negative integers that fit an Int32Array without wrapping. */
const MAX_LABEL = 2 ** 31 - 1;

function labelProblem(v: number): string | undefined {
  if (typeof v !== "number" || !Number.isInteger(v)) return "is not an integer";
  if (v < 0) return "is negative";
  if (v > MAX_LABEL) return `is above ${MAX_LABEL} (it would wrap in an Int32Array)`;
  return undefined;
}

/**
 * Copies labels to an Int32Array on the host, checking that each is an integer in
 * [0, 2^31 - 1] (so 2^32 is an error, not label 0).
 */
export function toLabelArray(labels: Labels, name = "labels"): Int32Array {
  let values: ArrayLike<number>;
  if (labels === null || labels === undefined) {
    throw new MetricLearningError("INVALID_LABELS", name, `expected labels, got ${labels}`);
  }
  if (labels instanceof Int32Array) values = labels;
  else if (Array.isArray(labels)) values = labels;
  else {
    const t = labels as tf.Tensor;
    if (typeof t !== "object" || typeof t.dataSync !== "function") {
      throw new MetricLearningError(
        "INVALID_LABELS",
        name,
        "expected a 1-D tensor, an Int32Array or an array of integers",
      );
    }
    if (t.rank !== 1) {
      throw new MetricLearningError(
        "INVALID_LABELS",
        name,
        `expected a 1-D tensor, got rank ${t.rank}`,
      );
    }
    values = t.dataSync();
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const problem = labelProblem(v);
    if (problem) {
      throw new MetricLearningError("INVALID_LABELS", name, `label ${i} (${v}) ${problem}`);
    }
  }
  return labels instanceof Int32Array ? labels : Int32Array.from(values);
}

function checkEmbeddings(e: tf.Tensor2D, name: string): void {
  if (!e || typeof e !== "object" || !("rank" in e) || e.rank !== 2) {
    throw new MetricLearningError("INVALID_EMBEDDINGS", name, "expected a 2-D tensor [N, D]");
  }
}

/**
 * Validates the public (embeddings, labels, ref?, refLabels?) arguments and builds a context.
 * `checkFinite` (default: on host backends only, where it costs a scan and no device sync)
 * refuses NaN/Infinity in the embeddings with `INVALID_EMBEDDINGS`.
 */
export function buildContext(
  embeddings: tf.Tensor2D,
  labels: Labels,
  refEmbeddings?: tf.Tensor2D,
  refLabels?: Labels,
  checkFinite = onHostBackend(),
): MetricContext {
  checkEmbeddings(embeddings, "embeddings");
  if (checkFinite) checkFiniteRows(embeddings, "embeddings");
  const lab = toLabelArray(labels);
  if (lab.length !== embeddings.shape[0]) {
    throw new MetricLearningError(
      "INVALID_LABELS",
      "labels",
      `${lab.length} labels for ${embeddings.shape[0]} embeddings`,
    );
  }
  if (refEmbeddings === undefined && refLabels === undefined) {
    const selfIndex = new Int32Array(lab.length);
    for (let i = 0; i < lab.length; i++) selfIndex[i] = i;
    return { embeddings, labels: lab, ref: embeddings, refLabels: lab, selfIndex };
  }
  if (refEmbeddings === undefined || refLabels === undefined) {
    throw new MetricLearningError(
      "INVALID_REFERENCE",
      refEmbeddings === undefined ? "refEmbeddings" : "refLabels",
      "give both refEmbeddings and refLabels, or neither",
    );
  }
  checkEmbeddings(refEmbeddings, "refEmbeddings");
  if (checkFinite) checkFiniteRows(refEmbeddings, "refEmbeddings");
  const refLab = toLabelArray(refLabels, "refLabels");
  if (refLab.length !== refEmbeddings.shape[0]) {
    throw new MetricLearningError(
      "INVALID_REFERENCE",
      "refLabels",
      `${refLab.length} labels for ${refEmbeddings.shape[0]} reference embeddings`,
    );
  }
  if (refEmbeddings.shape[1] !== embeddings.shape[1]) {
    throw new MetricLearningError(
      "INVALID_REFERENCE",
      "refEmbeddings",
      `dimension ${refEmbeddings.shape[1]} differs from embeddings' ${embeddings.shape[1]}`,
    );
  }
  return { embeddings, labels: lab, ref: refEmbeddings, refLabels: refLab, selfIndex: null };
}

/** True when reference row j is query row i itself. */
export function isSelf(ctx: MetricContext, i: number, j: number): boolean {
  return ctx.selfIndex !== null && ctx.selfIndex[i] === j;
}

/** True when the reference set is the batch itself, each row's own copy excluded (no `ref` given). */
export function isSelfBatch(ctx: MetricContext): boolean {
  const self = ctx.selfIndex;
  if (self === null || ctx.ref !== ctx.embeddings) return false;
  for (let i = 0; i < self.length; i++) if (self[i] !== i) return false;
  return true;
}
