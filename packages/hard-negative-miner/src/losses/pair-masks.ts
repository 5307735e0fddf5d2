import * as tf from "@tensorflow/tfjs-core";
import type { IndicesTuple } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { pairMask, toPairs } from "../utils/indices.js";

/** Host and tensor 0/1 masks [N, M] of positive and negative pairs. */
export interface PairMasks {
  /** Tensors made on first use (a host-only loss never pays for them), in the caller's tidy. */
  readonly pos: tf.Tensor2D;
  readonly neg: tf.Tensor2D;
  /** The same masks as row-major host arrays. */
  readonly posValues: Float32Array;
  readonly negValues: Float32Array;
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
    // locals, not ctx.* lookups, in the N·M loop
    const { labels, refLabels, selfIndex } = ctx;
    for (let i = 0; i < n; i++) {
      const li = labels[i]!;
      const self = selfIndex === null ? -1 : i * m + selfIndex[i]!;
      for (let k = i * m, j = 0; j < m; j++, k++) {
        if (refLabels[j] === li) pos[k] = k === self ? 0 : 1;
        else neg[k] = 1;
      }
    }
  }
  const rowHasPos = new Uint8Array(n);
  const rowHasNeg = new Uint8Array(n);
  let anyPos = false;
  let anyNeg = false;
  for (let i = 0; i < n; i++) {
    let hasPos = 0;
    let hasNeg = 0;
    for (let k = i * m; k < (i + 1) * m; k++) {
      hasPos |= pos[k]! !== 0 ? 1 : 0;
      hasNeg |= neg[k]! !== 0 ? 1 : 0;
    }
    rowHasPos[i] = hasPos;
    rowHasNeg[i] = hasNeg;
    anyPos ||= hasPos === 1;
    anyNeg ||= hasNeg === 1;
  }
  let posTensor: tf.Tensor2D | undefined;
  let negTensor: tf.Tensor2D | undefined;
  return {
    get pos() {
      posTensor ??= tf.tensor2d(pos, [n, m]);
      return posTensor;
    },
    get neg() {
      negTensor ??= tf.tensor2d(neg, [n, m]);
      return negTensor;
    },
    posValues: pos,
    negValues: neg,
    anyPos,
    anyNeg,
    rowHasPos,
    rowHasNeg,
  };
}

/**
 * Whether the context has at least one positive pair (same label, not self) and one negative
 * pair (different labels), from label counts in O(N + M) instead of [N, M] masks.
 */
export function hasPositiveAndNegative(ctx: MetricContext): boolean {
  const { labels, refLabels, selfIndex } = ctx;
  const counts = new Map<number, number>();
  for (const l of refLabels) counts.set(l, (counts.get(l) ?? 0) + 1);
  let anyPos = false;
  let anyNeg = false;
  for (let i = 0; i < labels.length && !(anyPos && anyNeg); i++) {
    const same = counts.get(labels[i]!) ?? 0;
    const self = selfIndex !== null && selfIndex[i]! >= 0 ? 1 : 0;
    anyPos ||= same - self > 0;
    anyNeg ||= same < refLabels.length;
  }
  return anyPos && anyNeg;
}
