import * as tf from "@tensorflow/tfjs-core";
import type { BaseDistance } from "../distances/base-distance.js";
import type { Reducer } from "../reducers/base-reducer.js";
import type { IndicesTuple, Labels } from "../types.js";
import { buildContext, type MetricContext } from "../utils/context.js";
import { onHostBackend } from "../utils/finite.js";
import { checkIndices } from "../utils/indices.js";

/** Options every loss takes. */
export interface LossOptions {
  /** How embeddings are compared; each loss has PML's default. */
  distance?: BaseDistance;
  /** How element losses become one scalar; each loss has PML's default. */
  reducer?: Reducer;
  /**
   * Refuse NaN/Infinity in the embeddings (`INVALID_EMBEDDINGS`). Default: on the `cpu` and
   * `wasm` backends, where it is a host scan; off on GPU backends, where it would stall the
   * device once per call (a non-finite input then gives a non-finite loss).
   */
  checkFinite?: boolean;
}

/**
 * A metric-learning loss: `compute(embeddings, labels, indices?, ref?, refLabels?)` gives a
 * differentiable scalar. Without indices it uses every valid pair or triplet; a batch with
 * none gives 0 (still connected to the embeddings, so gradients are zeros, not errors).
 */
export abstract class BaseMetricLoss {
  /** The distance the loss is computed on. */
  readonly distance: BaseDistance;
  /** The reducer applied to element losses. */
  readonly reducer: Reducer;

  /** Whether `compute` refuses non-finite embeddings; undefined = on host backends only. */
  readonly checkFinite: boolean | undefined;

  constructor(distance: BaseDistance, reducer: Reducer, checkFinite?: boolean) {
    this.distance = distance;
    this.reducer = reducer;
    this.checkFinite = checkFinite;
  }

  /**
   * The loss of `embeddings` [N, D] with `labels`, on the mined `indices` (default: all valid
   * pairs/triplets), against `refEmbeddings`/`refLabels` when given (e.g. a memory bank).
   */
  compute(
    embeddings: tf.Tensor2D,
    labels: Labels,
    indices?: IndicesTuple | null,
    refEmbeddings?: tf.Tensor2D,
    refLabels?: Labels,
  ): tf.Scalar {
    const ctx = buildContext(
      embeddings,
      labels,
      refEmbeddings,
      refLabels,
      this.checkFinite ?? onHostBackend(),
    );
    if (indices) checkIndices(indices, ctx.labels.length, ctx.refLabels.length);
    return this.computeFrom(ctx, indices ?? null);
  }

  /** The loss for an already validated context (used by CrossBatchMemory). */
  computeFrom(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar {
    return tf.tidy(() => {
      const loss = this.computeLoss(ctx, indices);
      // a zero still connected to the embeddings (+ 0 turns -0 into 0)
      return loss ?? (tf.add(tf.mul(tf.sum(ctx.embeddings), 0), 0) as tf.Scalar);
    });
  }

  /** Reduces element losses, or null when there are none. */
  protected reduce(losses: tf.Tensor1D, anchors: Int32Array, labels: Int32Array): tf.Scalar | null {
    if (anchors.length === 0) return null;
    return this.reducer.reduce({ losses, anchors, labels });
  }

  /** The loss, or null when the batch has no valid pair/triplet. */
  protected abstract computeLoss(
    ctx: MetricContext,
    indices: IndicesTuple | null,
  ): tf.Scalar | null;
}

/** 0..n-1, the anchors of row-wise ("element") losses. */
export function rowAnchors(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
