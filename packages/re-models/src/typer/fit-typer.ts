// Fitting the linear typer: a softmax regression on the gold-related pairs of the fit
// documents only (None pairs are the network's business), each restricted to the types seen
// for its entity-type pair; the L2 strength, when several are given, chosen by log-loss on the
// held-out slice's gold pairs (never on evaluation data).
import { ModelError } from "../errors.js";
import type { TyperInputs } from "./inputs.js";
import { LinearTyper } from "./linear-typer.js";
import { FeatureIndex, type SparseExample, fitSoftmaxRegression } from "./softmax-regression.js";

/** L2 strengths (on the mean loss) tried when a held-out slice chooses; round 2.5's grid. */
export const TYPER_L2_GRID: readonly number[] = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];

/** The L2 strength used without a held-out slice: round 2.5's held-out choice on BioRED. */
export const DEFAULT_TYPER_L2 = 3e-3;

/** Options of {@link fitLinearTyper}. */
export interface FitLinearTyperOptions {
  /** The label space of `fit.labelIds` (None first). */
  labels: readonly string[];
  /** Gold pairs that choose among several `l2` strengths (the held-out slice). */
  heldOut?: TyperInputs;
  /** One strength, or several to choose among on `heldOut` (default: the grid with `heldOut`, else {@link DEFAULT_TYPER_L2}). */
  l2?: number | readonly number[];
  /** L-BFGS iteration cap (default 500; it stops earlier on a relative loss change < 1e-9). */
  maxIterations?: number;
  /** One line per fit (sizes, held-out log-loss). */
  log?: (line: string) => void;
}

/** One L2 strength tried: its held-out figures (NaN without a held-out slice). */
export interface TyperFitRecord {
  l2: number;
  logLoss: number;
  accuracy: number;
  iterations: number;
}

/** Entity-type pair -> gold pair count per class (class = label id - 1). */
function typeCounts(inputs: TyperInputs, numClasses: number): Map<string, Float64Array> {
  const counts = new Map<string, Float64Array>();
  inputs.labelIds.forEach((label, i) => {
    if (label === 0) return;
    const key = inputs.typePairs[i] as string;
    const row = counts.get(key) ?? new Float64Array(numClasses);
    row[label - 1] = (row[label - 1] as number) + 1;
    counts.set(key, row);
  });
  return counts;
}

/**
 * Fits a {@link LinearTyper} on the gold-related pairs of `fit`. With several L2 strengths,
 * the one with the lowest held-out log-loss wins (ties: the stronger regularisation).
 * Deterministic: no seed, one convex problem per strength.
 */
export function fitLinearTyper(
  fit: TyperInputs,
  options: FitLinearTyperOptions,
): { typer: LinearTyper; grid: TyperFitRecord[] } {
  const { labels, heldOut, log } = options;
  const numClasses = labels.length - 1;
  const strengths =
    options.l2 === undefined
      ? heldOut
        ? TYPER_L2_GRID
        : [DEFAULT_TYPER_L2]
      : typeof options.l2 === "number"
        ? [options.l2]
        : options.l2;
  if (strengths.length === 0 || !strengths.every((l2) => Number.isFinite(l2) && l2 >= 0))
    throw new ModelError("INVALID_INPUT", `typer L2 strengths must be numbers >= 0`);
  if (strengths.length > 1 && !heldOut)
    throw new ModelError("INVALID_INPUT", "choosing the typer's L2 needs a held-out slice");
  if (heldOut && heldOut.options.typedWords !== fit.options.typedWords)
    throw new ModelError("INVALID_INPUT", "held-out and fit typer inputs use other features");
  if (heldOut && heldOut.options.sentenceWords !== fit.options.sentenceWords)
    throw new ModelError("INVALID_INPUT", "held-out and fit typer inputs use other features");
  const counts = typeCounts(fit, numClasses);
  const allowed = new Map(
    [...counts].map(([key, row]) => [key, Uint8Array.from(row, (n) => (n > 0 ? 1 : 0))]),
  );
  const index = new FeatureIndex();
  const examples: SparseExample[] = [];
  fit.labelIds.forEach((label, i) => {
    if (label === 0) return;
    examples.push({
      features: index.encode(fit.features[i] as string[]),
      label: label - 1,
      allowed: allowed.get(fit.typePairs[i] as string) ?? null,
    });
  });
  index.freeze();
  if (examples.length === 0)
    throw new ModelError("INVALID_INPUT", "the typer's fit documents hold no gold relations");
  log?.(`typer: ${examples.length} gold fit pairs, ${index.size} features, ${numClasses} types`);
  const grid: TyperFitRecord[] = [];
  let best: LinearTyper | undefined;
  let bestLoss = Number.POSITIVE_INFINITY;
  // strongest first, so a tie keeps the stronger regularisation
  for (const l2 of [...strengths].sort((a, b) => b - a)) {
    const model = fitSoftmaxRegression(examples, index.size, numClasses, {
      l2,
      ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
    });
    const typer = new LinearTyper(labels, index, model, counts, l2, fit.options);
    const q = heldOut ? typer.quality(heldOut) : { logLoss: Number.NaN, accuracy: Number.NaN };
    grid.push({ l2, logLoss: q.logLoss, accuracy: q.accuracy, iterations: model.iterations });
    log?.(
      `typer l2 ${l2}: held-out log-loss ${q.logLoss.toFixed(4)}, accuracy ${(100 * q.accuracy).toFixed(1)} % (${model.iterations} L-BFGS iterations)`,
    );
    if (!best || q.logLoss < bestLoss - 1e-9) {
      bestLoss = q.logLoss;
      best = typer;
    }
  }
  return { typer: best as LinearTyper, grid: grid.reverse() };
}
