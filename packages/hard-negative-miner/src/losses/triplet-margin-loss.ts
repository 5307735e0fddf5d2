import * as tf from "@tensorflow/tfjs-core";
import { asDeferred, type DeviceSelection } from "../device/selection.js";
import { LpDistance } from "../distances/lp-distance.js";
import { checkNumber } from "../errors.js";
import { AvgNonZeroReducer } from "../reducers/avg-non-zero-reducer.js";
import type { IndicesTuple, TripletIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { allTriplets, toTriplets } from "../utils/indices.js";
import { gatherPairs, gatherRows } from "../utils/tensor-ops.js";
import { BaseMetricLoss, type LossOptions, rowAnchors } from "./base-loss.js";

/** Up to this many N·M·M candidate triplets, device pair masks are expanded on the device. */
const MAX_DEVICE_TRIPLETS = 1 << 22;

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
      options,
    );
    this.margin = checkNumber("margin", options.margin ?? 0.05);
    this.swap = options.swap ?? false;
    this.smoothLoss = options.smoothLoss ?? false;
  }

  protected override takesDeviceSelections(): boolean {
    return true;
  }

  protected computeLoss(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar | null {
    const deferred = asDeferred(indices);
    if (deferred) {
      const n = ctx.labels.length;
      const m = ctx.refLabels.length;
      const selection = deferred.select();
      if (selection.onePerRow) return this.perAnchor(ctx, selection);
      if (n * m * m <= MAX_DEVICE_TRIPLETS) return this.allOfMasks(ctx, selection);
      // pairs of a pair miner make up to N·M·M triplets: beyond the cap, read them back
      indices = deferred.toHost();
    }
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

  /** The element loss of a violation (relu, or softplus with `smoothLoss`). */
  private elementLoss(ap: tf.Tensor, an: tf.Tensor): tf.Tensor {
    const violation = tf.add(this.distance.margin(ap, an), this.margin);
    return this.smoothLoss ? tf.softplus(violation) : tf.relu(violation);
  }

  /** One triplet per anchor (batch-hard masks): row sums pick each row's positive and negative. */
  private perAnchor(ctx: MetricContext, selection: DeviceSelection): tf.Scalar {
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    const ap = tf.sum(tf.mul(selection.pos, mat), 1);
    let an = tf.sum(tf.mul(selection.neg, mat), 1);
    if (this.swap) {
      const pos = tf.gather(ctx.ref, tf.argMax(selection.pos, 1)) as tf.Tensor2D;
      const neg = tf.gather(ctx.ref, tf.argMax(selection.neg, 1)) as tf.Tensor2D;
      const pn = this.distance.pairwise(pos, neg);
      an = this.distance.isInverted ? tf.maximum(an, pn) : tf.minimum(an, pn);
    }
    const valid = tf.sum(selection.pos, 1) as tf.Tensor1D;
    const losses = this.elementLoss(ap, an) as tf.Tensor1D;
    return this.reduceMasked(losses, valid, rowAnchors(ctx.labels.length), ctx.labels);
  }

  /** Every (a, p, n) with p in a's positives and n in its negatives, as an [N, M, M] tensor. */
  private allOfMasks(ctx: MetricContext, selection: DeviceSelection): tf.Scalar {
    const n = ctx.labels.length;
    const m = ctx.refLabels.length;
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    const ap = tf.reshape(mat, [n, m, 1]);
    let an: tf.Tensor = tf.reshape(mat, [n, 1, m]);
    if (this.swap) {
      // broadcast first: tfjs's Minimum/Maximum gradients do not sum over broadcast axes
      const full = [n, m, m];
      const pn = tf.broadcastTo(
        tf.reshape(this.distance.matrix(ctx.ref, ctx.ref, this.usesHostOps()), [1, m, m]),
        full,
      );
      an = tf.broadcastTo(an, full);
      an = this.distance.isInverted ? tf.maximum(an, pn) : tf.minimum(an, pn);
    }
    const valid = tf.mul(
      tf.reshape(selection.pos, [n, m, 1]),
      tf.reshape(selection.neg, [n, 1, m]),
    );
    const losses = tf.reshape(this.elementLoss(ap, an), [-1]) as tf.Tensor1D;
    const anchors = new Int32Array(n * m * m);
    for (let i = 0; i < n; i++) anchors.fill(i, i * m * m, (i + 1) * m * m);
    return this.reduceMasked(losses, tf.reshape(valid, [-1]) as tf.Tensor1D, anchors, ctx.labels);
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
      const [ap, an] = this.distance.rowPairs(
        ctx.embeddings,
        ctx.ref,
        t.anchors,
        [t.positives, t.negatives],
        this.usesHostOps(),
      );
      return [ap as tf.Tensor1D, an as tf.Tensor1D];
    }
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    return [gatherPairs(mat, t.anchors, t.positives), gatherPairs(mat, t.anchors, t.negatives)];
  }
}
