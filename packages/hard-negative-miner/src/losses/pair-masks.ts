import * as tf from "@tensorflow/tfjs-core";
import type { IndicesTuple } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { pairMask, toPairs } from "../utils/indices.js";

/** Host and tensor 0/1 masks [N, M] of positive and negative pairs. */
export interface PairMasks {
  readonly pos: tf.Tensor2D;
  readonly neg: tf.Tensor2D;
  /** Whether any positive / negative pair exists. */
  readonly anyPos: boolean;
  readonly anyNeg: boolean;
  /** Per row: has at least one positive / negative. */
  readonly rowHasPos: Uint8Array;
  readonly rowHasNeg: Uint8Array;
}

/** Masks of the given pairs (triplets are split into pairs), or of every valid pair when none are given. */
export function buildPairMasks(ctx: MetricContext, indices: IndicesTuple | null): PairMasks {
  const n = ctx.labels.length;
  const m = ctx.refLabels.length;
  let pos: Float32Array;
  let neg: Float32Array;
  if (indices) {
    const pairs = toPairs(indices);
    pos = pairMask(pairs.a1, pairs.p, n, m);
    neg = pairMask(pairs.a2, pairs.n, n, m);
  } else {
    pos = new Float32Array(n * m);
    neg = new Float32Array(n * m);
    for (let i = 0; i < n; i++) {
      const li = ctx.labels[i]!;
      const self = ctx.selfIndex === null ? -1 : ctx.selfIndex[i]!;
      for (let j = 0; j < m; j++) {
        if (ctx.refLabels[j] === li) {
          if (j !== self) pos[i * m + j] = 1;
        } else neg[i * m + j] = 1;
      }
    }
  }
  const rowHasPos = new Uint8Array(n);
  const rowHasNeg = new Uint8Array(n);
  let anyPos = false;
  let anyNeg = false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (pos[i * m + j]) rowHasPos[i] = 1;
      if (neg[i * m + j]) rowHasNeg[i] = 1;
    }
    anyPos ||= rowHasPos[i] === 1;
    anyNeg ||= rowHasNeg[i] === 1;
  }
  return {
    pos: tf.tensor2d(pos, [n, m]),
    neg: tf.tensor2d(neg, [n, m]),
    anyPos,
    anyNeg,
    rowHasPos,
    rowHasNeg,
  };
}
