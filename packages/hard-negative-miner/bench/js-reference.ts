// Plain-JS loop references (no tfjs) for the benchmark, on row-major Float32Array embeddings.

/** L2-normalized copy of n rows of dimension d. */
export function normalizeRows(emb: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += emb[i * d + k]! ** 2;
    const inv = 1 / Math.max(Math.sqrt(s), 1e-12);
    for (let k = 0; k < d; k++) out[i * d + k] = emb[i * d + k]! * inv;
  }
  return out;
}

/** Cosine similarity (euclidean = false) or Euclidean distance of normalized rows, O(N^2 D). */
export function jsMatrix(
  emb: Float32Array,
  n: number,
  d: number,
  euclidean: boolean,
): Float32Array {
  const x = normalizeRows(emb, n, d);
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += x[i * d + k]! * x[j * d + k]!;
      const v = euclidean ? Math.sqrt(Math.max(0, 2 - 2 * dot)) : dot;
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}

/** Batch-hard triplets by one pass per anchor over its row, O(N^2). */
export function jsBatchHard(mat: Float32Array, labels: Int32Array): number {
  const n = labels.length;
  let found = 0;
  for (let i = 0; i < n; i++) {
    let hp = -1;
    let hn = Infinity;
    for (let j = 0; j < n; j++) {
      const v = mat[i * n + j]!;
      if (labels[j] === labels[i]) {
        if (j !== i && v > hp) hp = v;
      } else if (v < hn) hn = v;
    }
    if (hp >= 0 && hn < Infinity) found++;
  }
  return found;
}

/**
 * The naive way: a triple loop over every (anchor, positive, negative) index combination,
 * checking labels inside, keeping per anchor the valid triplet with the largest violation
 * d(a,p) - d(a,n). O(N^3) whatever the classes. `anchors` limits the anchors visited (to
 * extrapolate when the full run would take minutes).
 */
export function naiveTripletEnumeration(
  mat: Float32Array,
  labels: Int32Array,
  anchors: number,
): number {
  const n = labels.length;
  let kept = 0;
  for (let a = 0; a < anchors; a++) {
    let best = -Infinity;
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        if (p === a || labels[p] !== labels[a] || labels[q] === labels[a]) continue;
        const v = mat[a * n + p]! - mat[a * n + q]!;
        if (v > best) best = v;
      }
    }
    if (best > -Infinity) kept++;
  }
  return kept;
}

/** SupCon forward (temperature t) on a cosine matrix, loops only. */
export function jsSupCon(sim: Float32Array, labels: Int32Array, t: number): number {
  const n = labels.length;
  let total = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (j !== i) max = Math.max(max, sim[i * n + j]! / t);
    let denom = 0;
    for (let j = 0; j < n; j++) if (j !== i) denom += Math.exp(sim[i * n + j]! / t - max);
    const logDenom = Math.log(denom) + max;
    let s = 0;
    let c = 0;
    for (let j = 0; j < n; j++) {
      if (j === i || labels[j] !== labels[i]) continue;
      s += sim[i * n + j]! / t - logDenom;
      c++;
    }
    if (c > 0) {
      total += -s / c;
      count++;
    }
  }
  return count ? total / count : 0;
}

/** Contrastive loss forward (pos margin 0, neg margin 1, non-zero means) on a distance matrix. */
export function jsContrastive(dist: Float32Array, labels: Int32Array): number {
  const n = labels.length;
  let ps = 0;
  let pc = 0;
  let ns = 0;
  let nc = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const v = dist[i * n + j]!;
      if (labels[i] === labels[j]) {
        if (v > 0) {
          ps += v;
          pc++;
        }
      } else if (v < 1) {
        ns += 1 - v;
        nc++;
      }
    }
  }
  return (pc ? ps / pc : 0) + (nc ? ns / nc : 0);
}
