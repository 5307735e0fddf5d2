import * as tf from "@tensorflow/tfjs-core";
import { asDeferred, checkDeferredFits, type DeviceSelection } from "../device/selection.js";
import type { BaseDistance } from "../distances/base-distance.js";
import type { Reducer } from "../reducers/base-reducer.js";
import type { IndicesTuple, Labels } from "../types.js";
import { buildContext, type MetricContext } from "../utils/context.js";
import { onHostBackend } from "../utils/finite.js";
import { checkIndices } from "../utils/indices.js";
import { checkPath, type MiningPath, resolvePath } from "../utils/mining-path.js";

/** Options every loss takes. */
export interface LossOptions {
  /** How embeddings are compared; each loss has PML's default. */
  distance?: BaseDistance;
  /** How element losses become one scalar; each loss has PML's default. */
  reducer?: Reducer;
  /**
   * Refuse NaN/Infinity in the embeddings (`INVALID_EMBEDDINGS`). Default: on the host path,
   * where it is a scan of host values; off on the device path, where it would be a host read
   * per call (a non-finite input then gives a non-finite loss).
   */
  checkFinite?: boolean;
  /**
   * Host or device bookkeeping (see {@link MiningPath}); default `"auto"`: host on the `cpu`
   * and `wasm` backends, device elsewhere. On the device path the loss reads nothing back from the device,
   * and takes a device miner's output as masks.
   */
  path?: MiningPath;
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

  /** Whether `compute` refuses non-finite embeddings; undefined = on the host path only. */
  readonly checkFinite: boolean | undefined;
  /** Where this loss runs (see {@link MiningPath}). */
  readonly path: MiningPath;

  constructor(distance: BaseDistance, reducer: Reducer, options: LossOptions = {}) {
    this.distance = distance;
    this.reducer = reducer;
    this.checkFinite = options.checkFinite;
    this.path = checkPath(options.path);
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
      this.checkFinite ?? resolvePath(this.path) === "host",
    );
    const deferred = asDeferred(indices);
    if (deferred) checkDeferredFits(deferred, ctx.labels.length, ctx.refLabels.length);
    else if (indices) checkIndices(indices, ctx.labels.length, ctx.refLabels.length);
    return this.computeFrom(ctx, indices ?? null);
  }

  /** The loss for an already validated context (used by CrossBatchMemory). */
  computeFrom(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar {
    const deferred = asDeferred(indices);
    // a device miner's output is read back only for a loss that cannot take masks, or on the host path
    if (deferred && (!this.takesDeviceSelections() || resolvePath(this.path) === "host")) {
      indices = deferred.toHost();
    }
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

  /**
   * Whether computeLoss takes a device miner's output as masks (through `deviceSelection`);
   * a loss that does not gets the indices read back to the host.
   */
  protected takesDeviceSelections(): boolean {
    return false;
  }

  /** The device masks behind `indices` (inside the caller's tidy), or null for host indices. */
  protected deviceSelection(indices: IndicesTuple | null): DeviceSelection | null {
    return asDeferred(indices)?.select() ?? null;
  }

  /** True when the loss may use its fused host-array ops: the host path on a host backend. */
  protected usesHostOps(): boolean {
    return resolvePath(this.path) === "host" && onHostBackend();
  }

  /**
   * Reduces element losses of which only those with `valid` 1 exist (device masks fix the
   * number of elements; the others are padding). Padding losses are zeroed here, and the
   * reducer gets `valid` so that means count real elements only.
   */
  protected reduceMasked(
    losses: tf.Tensor1D,
    valid: tf.Tensor1D,
    anchors: Int32Array,
    labels: Int32Array,
  ): tf.Scalar {
    return this.reducer.reduce({ losses: tf.mul(losses, valid), anchors, labels, valid });
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

/** For N·M element losses laid out row-major: the row (anchor) of each element. */
export function rowMajorAnchors(n: number, m: number): Int32Array {
  const out = new Int32Array(n * m);
  for (let i = 0; i < n; i++) out.fill(i, i * m, (i + 1) * m);
  return out;
}
