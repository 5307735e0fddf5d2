// Principal component analysis for the GloVe study (issue 19): projects general-English
// vectors (100-d) onto the model's token width (64-d). Plain JS, float64, Jacobi eigenvalue
// iteration on the covariance matrix: exact enough for a 100 x 100 symmetric matrix.

/** A fitted projection: `project(row)` = (row - mean) · components. */
export interface Pca {
  /** Column means of the fitted rows. */
  mean: Float64Array;
  /** `[k][inputDim]` unit eigenvectors of the covariance, largest variance first. */
  components: Float64Array[];
  /** Variance along each component (eigenvalues), largest first. */
  variances: number[];
  /** Fraction of the total variance the k components keep. */
  explained: number;
}

/** Fits a `k`-component PCA on `rows` (each of length `dim`). */
export function fitPca(rows: readonly ArrayLike<number>[], dim: number, k: number): Pca {
  if (rows.length < 2) throw new RangeError(`PCA needs at least 2 rows, got ${rows.length}`);
  if (!(k >= 1 && k <= dim)) throw new RangeError(`k must be in 1..${dim}, got ${k}`);
  const mean = new Float64Array(dim);
  for (const row of rows)
    for (let j = 0; j < dim; j++) mean[j] = (mean[j] as number) + (row[j] as number);
  for (let j = 0; j < dim; j++) mean[j] = (mean[j] as number) / rows.length;
  const cov = Array.from({ length: dim }, () => new Float64Array(dim));
  const centred = new Float64Array(dim);
  for (const row of rows) {
    for (let j = 0; j < dim; j++) centred[j] = (row[j] as number) - (mean[j] as number);
    for (let a = 0; a < dim; a++) {
      const ca = centred[a] as number;
      const line = cov[a] as Float64Array;
      for (let b = a; b < dim; b++) line[b] = (line[b] as number) + ca * (centred[b] as number);
    }
  }
  for (let a = 0; a < dim; a++)
    for (let b = a; b < dim; b++) {
      const v = ((cov[a] as Float64Array)[b] as number) / (rows.length - 1);
      (cov[a] as Float64Array)[b] = v;
      (cov[b] as Float64Array)[a] = v;
    }
  const { values, vectors } = symmetricEigen(cov);
  const order = values
    .map((_, i) => i)
    .sort((x, y) => (values[y] as number) - (values[x] as number));
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const kept = order.slice(0, k);
  const components = kept.map((i) => Float64Array.from(vectors, (line) => line[i] as number));
  const variances = kept.map((i) => values[i] as number);
  return {
    mean,
    components,
    variances,
    explained: total > 0 ? variances.reduce((s, v) => s + v, 0) / total : 0,
  };
}

/** The row's coordinates on the fitted components. */
export function project(pca: Pca, row: ArrayLike<number>): Float64Array {
  const out = new Float64Array(pca.components.length);
  pca.components.forEach((component, c) => {
    let sum = 0;
    for (let j = 0; j < component.length; j++)
      sum += ((row[j] as number) - (pca.mean[j] as number)) * (component[j] as number);
    out[c] = sum;
  });
  return out;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations. Returns the
 * eigenvalues and the eigenvectors as the COLUMNS of `vectors` (`vectors[row][column]`).
 */
export function symmetricEigen(matrix: readonly Float64Array[]): {
  values: number[];
  vectors: Float64Array[];
} {
  const n = matrix.length;
  const a = matrix.map((line) => Float64Array.from(line));
  const v = Array.from({ length: n }, (_, i) => {
    const line = new Float64Array(n);
    line[i] = 1;
    return line;
  });
  const at = (i: number, j: number) => (a[i] as Float64Array)[j] as number;
  const set = (m: Float64Array[], i: number, j: number, x: number) => {
    (m[i] as Float64Array)[j] = x;
  };
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(p, q) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          set(a, k, p, c * akp - s * akq);
          set(a, k, q, s * akp + c * akq);
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          set(a, p, k, c * apk - s * aqk);
          set(a, q, k, s * apk + c * aqk);
        }
        for (let k = 0; k < n; k++) {
          const vkp = (v[k] as Float64Array)[p] as number;
          const vkq = (v[k] as Float64Array)[q] as number;
          set(v, k, p, c * vkp - s * vkq);
          set(v, k, q, s * vkp + c * vkq);
        }
      }
  }
  return { values: a.map((line, i) => line[i] as number), vectors: v };
}
