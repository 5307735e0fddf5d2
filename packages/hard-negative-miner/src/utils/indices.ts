import { MetricLearningError } from "../errors.js";
import {
  type IndicesTuple,
  isTripletIndices,
  type PairIndices,
  type TripletIndices,
} from "../types.js";
import type { MetricContext } from "./context.js";
import { IntBuffer } from "./int-buffer.js";
import { PairCollector } from "./pair-collector.js";

/** An empty pairs tuple. */
export function emptyPairs(): PairIndices {
  return {
    a1: new Int32Array(0),
    p: new Int32Array(0),
    a2: new Int32Array(0),
    n: new Int32Array(0),
  };
}

/** An empty triplets tuple. */
export function emptyTriplets(): TripletIndices {
  return { anchors: new Int32Array(0), positives: new Int32Array(0), negatives: new Int32Array(0) };
}

/** Every positive pair (same label, not self) and every negative pair (different label). */
export function allPairs(ctx: MetricContext): PairIndices {
  const { labels, refLabels, selfIndex } = ctx;
  const pairs = new PairCollector();
  for (let i = 0; i < labels.length; i++) {
    const li = labels[i]!;
    const self = selfIndex === null ? -1 : selfIndex[i]!;
    for (let j = 0; j < refLabels.length; j++) {
      if (refLabels[j] === li) {
        if (j !== self) {
          pairs.positive(i, j);
        }
      } else {
        pairs.negative(i, j);
      }
    }
  }
  return pairs.toIndices();
}

/** Every valid triplet (anchor, positive of the same label but not itself, negative of another label). */
export function allTriplets(ctx: MetricContext): TripletIndices {
  const { labels, refLabels, selfIndex } = ctx;
  const byLabel = new Map<number, number[]>();
  refLabels.forEach((l, j) => {
    const list = byLabel.get(l);
    if (list) list.push(j);
    else byLabel.set(l, [j]);
  });
  const a = new IntBuffer();
  const pos = new IntBuffer();
  const neg = new IntBuffer();
  for (let i = 0; i < labels.length; i++) {
    const li = labels[i]!;
    const self = selfIndex === null ? -1 : selfIndex[i]!;
    for (const j of byLabel.get(li) ?? []) {
      if (j === self) continue;
      for (let k = 0; k < refLabels.length; k++) {
        if (refLabels[k] === li) continue;
        a.push(i);
        pos.push(j);
        neg.push(k);
      }
    }
  }
  return { anchors: a.toArray(), positives: pos.toArray(), negatives: neg.toArray() };
}

/** Triplets become pairs (anchor, positive) and (anchor, negative), as pytorch-metric-learning's `convert_to_pairs`. */
export function toPairs(indices: IndicesTuple): PairIndices {
  if (!isTripletIndices(indices)) return indices;
  return {
    a1: indices.anchors,
    p: indices.positives,
    a2: indices.anchors,
    n: indices.negatives,
  };
}

/** Pairs become every triplet whose positive and negative pair share the anchor (`convert_to_triplets`). */
export function toTriplets(indices: IndicesTuple): TripletIndices {
  if (isTripletIndices(indices)) return indices;
  const negByAnchor = new Map<number, number[]>();
  for (let j = 0; j < indices.a2.length; j++) {
    const a = indices.a2[j]!;
    const list = negByAnchor.get(a);
    if (list) list.push(indices.n[j]!);
    else negByAnchor.set(a, [indices.n[j]!]);
  }
  const an = new IntBuffer();
  const po = new IntBuffer();
  const ne = new IntBuffer();
  for (let i = 0; i < indices.a1.length; i++) {
    const a = indices.a1[i]!;
    for (const n of negByAnchor.get(a) ?? []) {
      an.push(a);
      po.push(indices.p[i]!);
      ne.push(n);
    }
  }
  return { anchors: an.toArray(), positives: po.toArray(), negatives: ne.toArray() };
}

/** Throws `INVALID_INDICES` when a tuple's arrays differ in length or point outside [0, N) / [0, M). */
export function checkIndices(indices: IndicesTuple, n: number, m: number): void {
  const check = (arr: Int32Array, limit: number, name: string) => {
    if (!(arr instanceof Int32Array)) {
      throw new MetricLearningError("INVALID_INDICES", name, "expected an Int32Array");
    }
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i]!;
      if (v < 0 || v >= limit) {
        throw new MetricLearningError("INVALID_INDICES", name, `index ${v} outside [0, ${limit})`);
      }
    }
  };
  const same = (a: Int32Array, b: Int32Array, name: string) => {
    if (a.length !== b.length) {
      throw new MetricLearningError(
        "INVALID_INDICES",
        name,
        "arrays of one tuple differ in length",
      );
    }
  };
  if (isTripletIndices(indices)) {
    same(indices.anchors, indices.positives, "indices.positives");
    same(indices.anchors, indices.negatives, "indices.negatives");
    check(indices.anchors, n, "indices.anchors");
    check(indices.positives, m, "indices.positives");
    check(indices.negatives, m, "indices.negatives");
  } else {
    same(indices.a1, indices.p, "indices.p");
    same(indices.a2, indices.n, "indices.n");
    check(indices.a1, n, "indices.a1");
    check(indices.p, m, "indices.p");
    check(indices.a2, n, "indices.a2");
    check(indices.n, m, "indices.n");
  }
}

/** A 0/1 [N, M] mask with a 1 at every (rows[i], cols[i]). */
export function pairMask(rows: Int32Array, cols: Int32Array, n: number, m: number): Float32Array {
  const mask = new Float32Array(n * m);
  for (let i = 0; i < rows.length; i++) mask[rows[i]! * m + cols[i]!] = 1;
  return mask;
}

/** An [N, M] count of how often each (rows[i], cols[i]) occurs. */
export function pairCounts(rows: Int32Array, cols: Int32Array, n: number, m: number): Float32Array {
  const counts = new Float32Array(n * m);
  for (let i = 0; i < rows.length; i++) counts[rows[i]! * m + cols[i]!]! += 1;
  return counts;
}
