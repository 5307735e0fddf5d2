import type * as tf from "@tensorflow/tfjs-core";
import { DeferredPairs, DeferredTriplets, type DeviceMiner } from "../device/selection.js";
import type { BaseDistance } from "../distances/base-distance.js";
import { MetricLearningError } from "../errors.js";
import type { IndicesTuple, Labels } from "../types.js";
import { buildContext, type MetricContext } from "../utils/context.js";
import { checkFiniteMatrix } from "../utils/finite.js";
import { checkPath, type MiningPath, resolvePath } from "../utils/mining-path.js";
import { contextGroups, withGroups } from "./groups.js";

/** Options every miner takes. */
export interface MinerOptions {
  /** How embeddings are compared; each miner has PML's default. */
  distance?: BaseDistance;
  /**
   * Host loops or device masks (see {@link MiningPath}); default `"auto"`: host on the `cpu`
   * and `wasm` backends, device elsewhere. Miners without a device implementation always mine on the host.
   */
  path?: MiningPath;
}

/**
 * A miner picks informative pairs or triplets. It reads the distance matrix as host values,
 * so mining never records gradients and holds at most one N x M matrix.
 */
export abstract class BaseMiner<T extends IndicesTuple = IndicesTuple> {
  /** The distance used to rank candidates. */
  readonly distance: BaseDistance;
  /** Where this miner runs (see {@link MiningPath}). */
  readonly path: MiningPath;

  constructor(distance: BaseDistance, path?: MiningPath) {
    this.distance = distance;
    this.path = checkPath(path);
  }

  /**
   * Mines indices from `embeddings` [N, D] against `refEmbeddings` [M, D] (default: the embeddings
   * themselves, self-pairs excluded). Returns Int32Array indices.
   */
  mine(
    embeddings: tf.Tensor2D,
    labels: Labels,
    refEmbeddings?: tf.Tensor2D,
    refLabels?: Labels,
  ): T {
    const onHost = !this.minesOnDevice();
    return this.mineFrom(buildContext(embeddings, labels, refEmbeddings, refLabels, onHost));
  }

  /**
   * {@link mine} with a group id per row (`groups` for the embeddings, `refGroups` for the
   * reference set): a miner that {@link respectsGroups} takes each anchor's negatives from its
   * own group only. Throws `INVALID_OPTION` for a miner that does not.
   */
  mineWithGroups(
    embeddings: tf.Tensor2D,
    labels: Labels,
    groups: Labels,
    refEmbeddings?: tf.Tensor2D,
    refLabels?: Labels,
    refGroups?: Labels,
  ): T {
    const onHost = !this.minesOnDevice();
    const ctx = buildContext(embeddings, labels, refEmbeddings, refLabels, onHost);
    return this.mineFrom(withGroups(ctx, groups, refGroups));
  }

  /** True when this miner restricts negatives to the anchor's group given groups (see {@link mineWithGroups}). */
  get respectsGroups(): boolean {
    return false;
  }

  /**
   * Mines from an already validated context (used by CrossBatchMemory to skip self-pairs in the
   * memory). On the device path it returns indices that stay on the device until read.
   */
  mineFrom(ctx: MetricContext): T {
    if (!this.respectsGroups && contextGroups(ctx)) {
      // silently mining across groups would be a different recipe than the caller asked for
      throw new MetricLearningError(
        "INVALID_OPTION",
        "groups",
        `${this.constructor.name} does not restrict negatives to groups`,
      );
    }
    if (this.minesOnDevice()) {
      const miner = this as unknown as DeviceMiner;
      const deferred =
        this.deviceOutput() === "triplets"
          ? new DeferredTriplets(miner, ctx)
          : new DeferredPairs(miner, ctx);
      return deferred as unknown as T;
    }
    const mat = this.distance.matrixData(ctx.embeddings, ctx.ref, this.ranksOnly());
    // the host matrix is read anyway: a scan here costs no device sync on any backend, and
    // keeps NaN distances from turning into arbitrary mined indices
    checkFiniteMatrix(mat, ctx.ref.shape[0], "embeddings");
    return this.mineMatrix(mat, ctx);
  }

  /**
   * True when `mineMatrix` only compares values within a row (so `matrixData` may return any
   * values in the same order, e.g. squared Euclidean distances).
   */
  protected ranksOnly(): boolean {
    return false;
  }

  /** True when this call mines on the device: a device implementation and the device path. */
  protected minesOnDevice(): boolean {
    return this.deviceOutput() !== null && resolvePath(this.path) === "device";
  }

  /**
   * What the device implementation (`selectOnDevice`) gives: one triplet per anchor, pairs, or
   * null when the miner has none (it then mines on the host on every backend).
   */
  protected deviceOutput(): "triplets" | "pairs" | null {
    return null;
  }

  /** Mines from the row-major [N, M] host matrix of `distance`. */
  protected abstract mineMatrix(mat: Float32Array, ctx: MetricContext): T;
}
