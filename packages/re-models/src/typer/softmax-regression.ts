// Multinomial logistic regression over sparse binary features, L2-regularised, fitted by
// L-BFGS on the full batch (a convex problem: no learning rate, no seed, one answer).
// Each example may restrict its softmax to a subset of the classes (the relation types seen
// for its entity-type pair), so the typer is trained as it is used.

/** One example: indices of its active (value 1) features, its class, the classes allowed. */
export interface SparseExample {
  features: Int32Array;
  label: number;
  /** 1 = the class may be predicted; null = all classes. */
  allowed: Uint8Array | null;
}

/** Feature names to column indices; frozen after fitting so unseen features are dropped. */
export class FeatureIndex {
  private readonly ids = new Map<string, number>();
  private frozen = false;

  get size(): number {
    return this.ids.size;
  }

  /** Column indices of `names`; new names get a column until {@link freeze}. */
  encode(names: readonly string[]): Int32Array {
    const out = new Int32Array(names.length);
    let n = 0;
    for (const name of names) {
      let id = this.ids.get(name);
      if (id === undefined && !this.frozen) {
        id = this.ids.size;
        this.ids.set(name, id);
      }
      if (id !== undefined) out[n++] = id;
    }
    return n === out.length ? out : out.slice(0, n);
  }

  freeze(): void {
    this.frozen = true;
  }

  /** Feature names in column order (what a saved typer stores). */
  names(): string[] {
    return [...this.ids.keys()];
  }

  /** A frozen index over `names`, column i = names[i] (a saved typer's). */
  static frozenFrom(names: readonly string[]): FeatureIndex {
    const index = new FeatureIndex();
    for (const name of names) {
      if (index.ids.has(name)) throw new Error(`feature ${JSON.stringify(name)} is listed twice`);
      index.ids.set(name, index.ids.size);
    }
    index.freeze();
    return index;
  }
}

/** Weights [numFeatures * numClasses], row-major by feature. */
export interface SoftmaxRegression {
  numFeatures: number;
  numClasses: number;
  weights: Float64Array;
}

/** Log-probabilities of every class (-Infinity where not allowed). */
export function logProbabilities(
  model: SoftmaxRegression,
  features: Int32Array,
  allowed: Uint8Array | null,
): Float64Array {
  const k = model.numClasses;
  const z = new Float64Array(k);
  for (const f of features)
    for (let c = 0; c < k; c++) z[c] = (z[c] as number) + (model.weights[f * k + c] as number);
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) if (!allowed || allowed[c]) max = Math.max(max, z[c] as number);
  let sum = 0;
  for (let c = 0; c < k; c++) if (!allowed || allowed[c]) sum += Math.exp((z[c] as number) - max);
  const logSum = max + Math.log(sum);
  for (let c = 0; c < k; c++)
    z[c] = !allowed || allowed[c] ? (z[c] as number) - logSum : Number.NEGATIVE_INFINITY;
  return z;
}

/** Mean negative log-likelihood + l2/2 * |w|^2, and its gradient into `grad`. */
export function softmaxObjective(
  examples: readonly SparseExample[],
  model: SoftmaxRegression,
  l2: number,
  grad: Float64Array,
): number {
  const k = model.numClasses;
  const w = model.weights;
  let loss = 0;
  for (let i = 0; i < w.length; i++) {
    loss += 0.5 * l2 * (w[i] as number) ** 2;
    grad[i] = l2 * (w[i] as number);
  }
  const scale = 1 / examples.length;
  for (const ex of examples) {
    const logp = logProbabilities(model, ex.features, ex.allowed);
    loss -= scale * (logp[ex.label] as number);
    for (let c = 0; c < k; c++) {
      const p = Number.isFinite(logp[c]) ? Math.exp(logp[c] as number) : 0;
      const g = scale * (p - (c === ex.label ? 1 : 0));
      if (g === 0) continue;
      for (const f of ex.features) grad[f * k + c] = (grad[f * k + c] as number) + g;
    }
  }
  return loss;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/** Options of {@link fitSoftmaxRegression}. */
export interface FitOptions {
  /** L2 strength on the mean loss. */
  l2: number;
  maxIterations?: number;
  /** Stop when the loss improves by less than this (relative). */
  tolerance?: number;
  /** L-BFGS history length. */
  memory?: number;
}

/** Fits the weights by L-BFGS with a backtracking (Armijo) line search; starts from zeros. */
export function fitSoftmaxRegression(
  examples: readonly SparseExample[],
  numFeatures: number,
  numClasses: number,
  options: FitOptions,
): SoftmaxRegression & { iterations: number; loss: number } {
  const { l2, maxIterations = 500, tolerance = 1e-9, memory = 10 } = options;
  const n = numFeatures * numClasses;
  const model: SoftmaxRegression = { numFeatures, numClasses, weights: new Float64Array(n) };
  let grad = new Float64Array(n);
  let loss = softmaxObjective(examples, model, l2, grad);
  const history: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // two-loop recursion: direction = -H grad
    const q = Float64Array.from(grad);
    const alphas: number[] = [];
    for (let h = history.length - 1; h >= 0; h--) {
      const { s, y, rho } = history[h] as (typeof history)[number];
      const alpha = rho * dot(s, q);
      alphas[h] = alpha;
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) - alpha * (y[i] as number);
    }
    const last = history[history.length - 1];
    const gamma = last ? dot(last.s, last.y) / dot(last.y, last.y) : 1 / Math.sqrt(dot(grad, grad));
    for (let i = 0; i < n; i++) q[i] = (q[i] as number) * gamma;
    for (let h = 0; h < history.length; h++) {
      const { s, y, rho } = history[h] as (typeof history)[number];
      const beta = rho * dot(y, q);
      const alpha = alphas[h] as number;
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) + (alpha - beta) * (s[i] as number);
    }
    const slope = -dot(grad, q);
    if (!(slope < 0)) break;
    // backtracking line search along -q
    const start = model.weights;
    let step = 1;
    let nextLoss = Number.POSITIVE_INFINITY;
    const nextGrad = new Float64Array(n);
    for (let tries = 0; tries < 30; tries++) {
      const trial = new Float64Array(n);
      for (let i = 0; i < n; i++) trial[i] = (start[i] as number) - step * (q[i] as number);
      model.weights = trial;
      nextLoss = softmaxObjective(examples, model, l2, nextGrad);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextLoss < loss)) {
      model.weights = start;
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (model.weights[i] as number) - (start[i] as number);
      y[i] = (nextGrad[i] as number) - (grad[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      history.push({ s, y, rho: 1 / sy });
      if (history.length > memory) history.shift();
    }
    const improvement = (loss - nextLoss) / Math.max(Math.abs(loss), 1e-12);
    loss = nextLoss;
    grad = nextGrad;
    if (improvement < tolerance) break;
  }
  return { ...model, iterations, loss };
}
