// Round 2.6's corrections of the typer fusion (summaries/typer-calibration-cv-round26.md):
// per-type offsets on the fused type logits fitted by maximum likelihood of the gold types
// (the library's DecisionRule.typeBias carries them), and class-weighted typer fit inputs
// (rare types repeated, so the library's unweighted softmax regression weights them up).
import {
  type DecisionRule,
  type PairScores,
  tuneNoneBias,
  tuneNoveltyThreshold,
} from "../../src/index.js";
import { isMaskedLogit } from "../../src/model/type-mask.js";
import type { TyperPairs } from "./typer.js";

/** Today's fusion weight (the library default), kept by every candidate. */
export const W = 0.75;
/** The pre-registered candidates, in tie-break order. */
export const CANDIDATES = ["bias-ll", "bias-ll-1", "bias-f1", "cw-sqrt", "cw-inv"] as const;
/** The rare types whose macro F1 guards the choice (as in round 2.5's Dev tables). */
export const RARE_TYPES = ["Bind", "Comparison", "Cotreatment"];

/** Penalty on the offsets (0.5 x this x |b|^2 on the mean loss): pre-registered. */
export const TYPE_BIAS_L2 = 1e-3;

/** Solves A x = y (A symmetric positive definite, n x n row-major) by Cholesky. */
function solveSpd(a: Float64Array, y: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(s) : s / (l[j * n + j] as number);
    }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = y[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (z[k] as number);
    z[i] = s / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return x;
}

/** One gold-related pair: its allowed type logits (type index = label - 1) and gold type. */
interface GoldRow {
  types: number[];
  logits: number[];
  gold: number;
}

function goldRows(slices: readonly PairScores[]): GoldRow[] {
  const rows: GoldRow[] = [];
  for (const s of slices) {
    const l = s.numLabels;
    for (let p = 0; p < s.numPairs; p++) {
      const g = s.labelIds[p] as number;
      if (g === 0) continue;
      const types: number[] = [];
      const logits: number[] = [];
      for (let k = 1; k < l; k++) {
        const z = s.relationLogits[p * l + k] as number;
        if (isMaskedLogit(z)) continue;
        types.push(k - 1);
        logits.push(z);
      }
      // a gold type the mask forbids cannot be reached by an offset: left out
      if (types.includes(g - 1)) rows.push({ types, logits, gold: g - 1 });
    }
  }
  return rows;
}

/** Mean NLL + penalty, its gradient and Hessian at offsets `b` (length L - 1). */
function objective(rows: readonly GoldRow[], b: Float64Array, l2: number) {
  const n = b.length;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n * n);
  let loss = 0;
  const scale = 1 / Math.max(rows.length, 1);
  for (const row of rows) {
    const z = row.logits.map((x, i) => x + (b[row.types[i] as number] as number));
    const max = Math.max(...z);
    const e = z.map((x) => Math.exp(x - max));
    const sum = e.reduce((a, c) => a + c, 0);
    const p = e.map((x) => x / sum);
    loss -= scale * ((z[row.types.indexOf(row.gold)] as number) - max - Math.log(sum));
    row.types.forEach((t, i) => {
      const pi = p[i] as number;
      grad[t] = (grad[t] as number) + scale * (pi - (t === row.gold ? 1 : 0));
      row.types.forEach((u, j) => {
        hess[t * n + u] =
          (hess[t * n + u] as number) + scale * ((i === j ? pi : 0) - pi * (p[j] as number));
      });
    });
  }
  for (let t = 0; t < n; t++) {
    loss += 0.5 * l2 * (b[t] as number) ** 2;
    grad[t] = (grad[t] as number) + l2 * (b[t] as number);
    hess[t * n + t] = (hess[t * n + t] as number) + l2;
  }
  return { loss, grad, hess };
}

/**
 * Per-type offsets (a `DecisionRule.typeBias`: index 0 = None, always 0) maximizing the mean
 * log-likelihood of the gold type among each gold-related pair's allowed types (softmax over
 * type logits + offsets, None excluded), penalised by 0.5 x `l2` x |b|^2. Convex: Newton's
 * method with backtracking, to a gradient norm below 1e-8.
 */
export function fitTypeBiasLL(slices: readonly PairScores[], l2 = TYPE_BIAS_L2): number[] {
  const numTypes = (slices[0] as PairScores).numLabels - 1;
  const rows = goldRows(slices);
  let b = new Float64Array(numTypes);
  let current = objective(rows, b, l2);
  for (let iteration = 0; iteration < 100; iteration++) {
    const norm = Math.sqrt(current.grad.reduce((a, g) => a + g * g, 0));
    if (norm < 1e-8) break;
    const step = solveSpd(current.hess, current.grad, numTypes);
    let t = 1;
    for (let tries = 0; tries < 40; tries++, t /= 2) {
      const trial = Float64Array.from(b, (x, i) => x - t * (step[i] as number));
      const next = objective(rows, trial, l2);
      if (next.loss <= current.loss) {
        b = trial;
        current = next;
        break;
      }
    }
  }
  return [0, ...b];
}

/** Several slices' scores as one (pairs concatenated in order). */
export function concatScores(slices: readonly PairScores[]): PairScores {
  const first = slices[0] as PairScores;
  const cat = <T extends Float32Array | Int32Array>(
    pick: (s: PairScores) => T,
    make: (n: number) => T,
  ) => {
    const out = make(slices.reduce((n, s) => n + pick(s).length, 0));
    let offset = 0;
    for (const s of slices) {
      out.set(pick(s), offset);
      offset += pick(s).length;
    }
    return out;
  };
  return {
    numPairs: slices.reduce((n, s) => n + s.numPairs, 0),
    numLabels: first.numLabels,
    relationLogits: cat(
      (s) => s.relationLogits,
      (n) => new Float32Array(n),
    ),
    noveltyLogits: cat(
      (s) => s.noveltyLogits,
      (n) => new Float32Array(n),
    ),
    embeddingDim: 0,
    labelIds: cat(
      (s) => s.labelIds,
      (n) => new Int32Array(n),
    ),
    novelIds: cat(
      (s) => s.novelIds,
      (n) => new Int32Array(n),
    ),
  };
}

/**
 * Fit inputs whose gold pairs of type c are repeated round((n_max / n_c)^power) times (n_c:
 * gold pairs of type c in `fit`): class weights 1/n_c^power, up to rounding, for the library's
 * unweighted fit. None pairs are dropped (the typer never reads them).
 */
export function classWeightedPairs(
  fit: TyperPairs,
  power: number,
): TyperPairs & { multiplicity: Map<number, number> } {
  const counts = new Map<number, number>();
  for (const label of fit.labelIds)
    if (label !== 0) counts.set(label, (counts.get(label) ?? 0) + 1);
  const most = Math.max(...counts.values());
  const multiplicity = new Map(
    [...counts].map(([label, n]) => [label, Math.max(1, Math.round((most / n) ** power))]),
  );
  const features: string[][] = [];
  const typePairs: string[] = [];
  const labelIds: number[] = [];
  fit.labelIds.forEach((label, i) => {
    for (let r = 0; r < (multiplicity.get(label) ?? 0); r++) {
      features.push(fit.features[i] as string[]);
      typePairs.push(fit.typePairs[i] as string);
      labelIds.push(label);
    }
  });
  return { ...fit, features, typePairs, labelIds: Int32Array.from(labelIds), multiplicity };
}

/** The decision rule of scored slice `scores` with offsets `typeBias` in place (None bias tuned with them). */
export function ruleWithTypeBias(
  scores: PairScores,
  typeBias?: number[],
): DecisionRule & { heldOutF1: number } {
  const none = tuneNoneBias(scores, typeBias);
  return {
    noneBias: none.noneBias,
    noveltyThreshold: tuneNoveltyThreshold(scores),
    heldOutF1: none.f1,
    ...(typeBias ? { typeBias } : {}),
  };
}
