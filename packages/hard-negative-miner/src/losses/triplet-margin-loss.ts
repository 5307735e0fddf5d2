import * as tf from "@tensorflow/tfjs-core";
import { LpDistance } from "../distances/lp-distance.js";
import { checkNumber } from "../errors.js";
import { AvgNonZeroReducer } from "../reducers/avg-non-zero-reducer.js";
import type { IndicesTuple, TripletIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { allTriplets, toTriplets } from "../utils/indices.js";
import { gatherPairs, gatherRows } from "../utils/tensor-ops.js";
import { BaseMetricLoss, type LossOptions } from "./base-loss.js";

/** Options of {@link TripletMarginLoss} (PML names and defaults). */
export interface TripletMarginLossOptions extends LossOptions {
  /** Desired gap between anchor-negative and anchor-positive distance; default 0.05. */
  margin?: number;
  /** Use the positive-negative distance when it is smaller than the anchor-negative one. */
  swap?: boolean;
  /** Soft margin: softplus(violation) instead of relu(violation). */
  smoothLoss?: boolean;
}

/**
 * Triplet margin loss: relu(d(a,p) - d(a,n) + margin) per triplet (softplus with `smoothLoss`),
 * averaged over non-zero triplets by default. Pairs given as indices are joined into triplets.
 */
export class TripletMarginLoss extends BaseMetricLoss {
  readonly margin: number;
  readonly swap: boolean;
  readonly smoothLoss: boolean;

  constructor(options: TripletMarginLossOptions = {}) {
    super(
      options.distance ?? new LpDistance(),
      options.reducer ?? new AvgNonZeroReducer(),
      options.checkFinite,
    );
    this.margin = checkNumber("margin", options.margin ?? 0.05);
    this.swap = options.swap ?? false;
    this.smoothLoss = options.smoothLoss ?? false;
  }

  protected computeLoss(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar | null {
    const t = indices ? toTriplets(indices) : allTriplets(ctx);
    if (t.anchors.length === 0) return null;
    let [ap, an] = this.tripletDistances(ctx, t);
    if (this.swap) {
      const pos = gatherRows(ctx.ref, t.positives);
      const neg = gatherRows(ctx.ref, t.negatives);
      const pn = this.distance.pairwise(pos, neg);
      an = this.distance.isInverted ? tf.maximum(an, pn) : tf.minimum(an, pn);
    }
    const violation = tf.add(this.distance.margin(ap, an), this.margin);
    const losses = this.smoothLoss ? tf.softplus(violation) : tf.relu(violation);
    return this.reduce(losses as tf.Tensor1D, t.anchors, ctx.labels);
  }

  /**
   * Anchor-positive and anchor-negative distances. A miner's few triplets (e.g. one per anchor)
   * are compared row by row, O(T·D) with gradients through T gathered rows, instead of building
   * and differentiating the whole [N, M] matrix for them (PML does the latter; values agree to
   * float rounding, the row-wise ones being the more exact).
   */
  private tripletDistances(ctx: MetricContext, t: TripletIndices): [tf.Tensor1D, tf.Tensor1D] {
    const n = ctx.embeddings.shape[0];
    const m = ctx.ref.shape[0];
    if (t.anchors.length * 4 <= n * m) {
      const [ap, an] = this.distance.rowPairs(ctx.embeddings, ctx.ref, t.anchors, [
        t.positives,
        t.negatives,
      ]);
      return [ap as tf.Tensor1D, an as tf.Tensor1D];
    }
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref);
    return [gatherPairs(mat, t.anchors, t.positives), gatherPairs(mat, t.anchors, t.negatives)];
  }
}
