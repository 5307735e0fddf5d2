/** The top two principal components of row vectors, by power iteration with deflation. */
export interface PcaResult {
  /** [n] x/y coordinates. */
  coords: Array<[number, number]>;
  /** Share of total variance along each component. */
  explainedVariance: [number, number];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function normalize(v: Float64Array): number {
  const n = Math.sqrt(dot(v, v));
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return n;
}

/** Multiplies the covariance (X^T X over centred rows) by v without forming it. */
function covTimes(rows: Float64Array[], v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (const row of rows) {
    const p = dot(row, v);
    for (let i = 0; i < out.length; i++) out[i]! += p * row[i]!;
  }
  return out;
}

/**
 * Projects rows onto their top two principal components. Deterministic: the
 * power iteration starts from a fixed vector, and each component's sign is
 * fixed so its largest coordinate is positive.
 */
export function pca2(vectors: ArrayLike<number>[], iterations = 200): PcaResult {
  if (vectors.length === 0) return { coords: [], explainedVariance: [0, 0] };
  const dim = vectors[0]!.length;
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let i = 0; i < dim; i++) mean[i]! += v[i]! / vectors.length;
  const rows = vectors.map((v) => Float64Array.from({ length: dim }, (_, i) => v[i]! - mean[i]!));
  const total = rows.reduce((s, r) => s + dot(r, r), 0);
  const components: Float64Array[] = [];
  const variances: number[] = [];
  for (let c = 0; c < 2; c++) {
    let v: Float64Array = Float64Array.from(
      { length: dim },
      (_, i) => 1 / Math.sqrt(dim) + (i % 7) * 1e-3,
    );
    for (const prev of components) {
      const p = dot(v, prev);
      for (let i = 0; i < dim; i++) v[i]! -= p * prev[i]!;
    }
    normalize(v);
    let eigen = 0;
    for (let it = 0; it < iterations; it++) {
      const next = covTimes(rows, v);
      for (const prev of components) {
        const p = dot(next, prev);
        for (let i = 0; i < dim; i++) next[i]! -= p * prev[i]!;
      }
      eigen = normalize(next);
      if (eigen === 0) break;
      v = next;
    }
    let largest = 0;
    for (let i = 0; i < dim; i++) if (Math.abs(v[i]!) > Math.abs(v[largest]!)) largest = i;
    if (v[largest]! < 0) for (let i = 0; i < dim; i++) v[i] = -v[i]!;
    components.push(v);
    variances.push(eigen);
  }
  const coords = rows.map(
    (r) => [dot(r, components[0]!), dot(r, components[1]!)] as [number, number],
  );
  const share = (x: number) => (total > 0 ? x / total : 0);
  return { coords, explainedVariance: [share(variances[0]!), share(variances[1]!)] };
}
