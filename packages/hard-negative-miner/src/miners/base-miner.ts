import type * as tf from "@tensorflow/tfjs-core";
import type { BaseDistance } from "../distances/base-distance.js";
import type { IndicesTuple, Labels } from "../types.js";
import { buildContext, type MetricContext } from "../utils/context.js";
import { checkFiniteMatrix } from "../utils/finite.js";

/** Options every miner takes. */
export interface MinerOptions {
  /** How embeddings are compared; each miner has PML's default. */
  distance?: BaseDistance;
}

/**
 * A miner picks informative pairs or triplets. It reads the distance matrix as host values,
 * so mining never records gradients and holds at most one N x M matrix.
 */
export abstract class BaseMiner<T extends IndicesTuple = IndicesTuple> {
  /** The distance used to rank candidates. */
  readonly distance: BaseDistance;

  constructor(distance: BaseDistance) {
    this.distance = distance;
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
    return this.mineFrom(buildContext(embeddings, labels, refEmbeddings, refLabels));
  }

  /** Mines from an already validated context (used by CrossBatchMemory to skip self-pairs in the memory). */
  mineFrom(ctx: MetricContext): T {
    const mat = this.distance.matrixData(ctx.embeddings, ctx.ref);
    // the host matrix is read anyway: a scan here costs no device sync on any backend, and
    // keeps NaN distances from turning into arbitrary mined indices
    checkFiniteMatrix(mat, ctx.ref.shape[0], "embeddings");
    return this.mineMatrix(mat, ctx);
  }

  /** Mines from the row-major [N, M] host matrix of `distance`. */
  protected abstract mineMatrix(mat: Float32Array, ctx: MetricContext): T;
}
