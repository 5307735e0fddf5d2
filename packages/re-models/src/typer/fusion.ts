// Late fusion of a network's relation logits with the linear typer: every type logit the
// network allows gets w x the typer's log-probability of that type (None untouched, masked
// types stay masked), so the None bias tuned afterwards on the held-out slice sees the fused
// scores. Round 2.5 (experiments/summaries/typer-fusion-round25.md) measured this as
// +2.0 [0.8, 3.3] +type on BioRED Dev; the variants below are its round-2 alternatives.
import { ModelError } from "../errors.js";
import type { PairScores } from "../model/relation-model.js";
import { isMaskedLogit } from "../model/type-mask.js";
import type { TyperInputs } from "./inputs.js";
import type { LinearTyper } from "./linear-typer.js";

/** How a typer's terms enter the type logits. */
export interface TyperFusion {
  /** w: the typer term's weight (0 = the network alone). */
  weight: number;
  /**
   * Add the typer's evidence, log p(type | pair) - log p(type | entity-type pair) (fit counts
   * + 1), instead of its log-probability, so the class prior the network already carries is
   * not counted twice.
   */
  evidence?: boolean;
  /**
   * Keep the network's pair decisions: each pair's type logits are shifted by one constant so
   * their best equals the network's best (same margin over None), the fused ones only pick the type.
   */
  typesOnly?: boolean;
}

/**
 * The typer fusion `biore train` / `compare` use unless told otherwise. w = 0.75 was chosen by
 * cross-validation on BioRED Train (five disjoint 40-document held-out folds pooled, grid and
 * criterion committed before any Dev figure; experiments/summaries/typer-fusion-cv-round25.md):
 * +type 53.6 vs 51.2 without the typer, better on 5 of 5 folds.
 */
export const DEFAULT_TYPER_FUSION: Readonly<Required<TyperFusion>> = {
  weight: 0.75,
  evidence: false,
  typesOnly: false,
};

/** The typer's term for a type it never saw for the pair's entity-type pair (log 1e-6). */
const FLOOR_LOG_PROBABILITY = Math.log(1e-6);

/** Checks a fusion's settings; a clear error instead of NaN scores. */
export function checkTyperFusion(fusion: TyperFusion): void {
  if (!Number.isFinite(fusion.weight) || fusion.weight < 0)
    throw new ModelError(
      "INVALID_INPUT",
      `typer weight must be a number >= 0, got ${fusion.weight}`,
    );
}

/**
 * The scores with the typer's terms added to each pair's allowed type logits. The typer's
 * softmax is restricted to the types both the network (its type mask) and the typer (its fit
 * documents) allow for the pair's entity-type pair — after training on the same documents the
 * two sets are equal, as in round 2.5. Returns new scores; `scores` is not changed.
 */
export function fuseTyperScores(
  scores: PairScores,
  typer: LinearTyper,
  inputs: TyperInputs,
  fusion: TyperFusion,
): PairScores {
  checkTyperFusion(fusion);
  const l = scores.numLabels;
  if (inputs.features.length !== scores.numPairs)
    throw new ModelError(
      "INVALID_INPUT",
      `typer inputs hold ${inputs.features.length} pairs, the scores ${scores.numPairs}: compute them from the same documents`,
    );
  if (typer.numClasses !== l - 1)
    throw new ModelError(
      "INVALID_INPUT",
      `the typer has ${typer.numClasses} types, the scores ${l - 1}`,
    );
  const own = typer.featureOptions;
  if (
    own.typedWords !== inputs.options.typedWords ||
    own.sentenceWords !== inputs.options.sentenceWords
  )
    throw new ModelError("INVALID_INPUT", "typer inputs were computed with other feature groups");
  const w = fusion.weight;
  const logits = Float32Array.from(scores.relationLogits);
  if (w === 0) return { ...scores, relationLogits: logits };
  for (let p = 0; p < scores.numPairs; p++) {
    const row = p * l;
    const allowed = new Uint8Array(l - 1);
    for (let k = 1; k < l; k++) allowed[k - 1] = isMaskedLogit(logits[row + k] as number) ? 0 : 1;
    const typePair = inputs.typePairs[p] as string;
    const seen = typer.allowed.get(typePair);
    // the typer's softmax over the types both allow (an entity-type pair it never saw: the
    // network's types); a type only the network allows gets the floor term
    const both = seen ? allowed.map((a, c) => a & (seen[c] as number)) : allowed;
    const restricted = both.some((a) => a === 1) ? both : allowed;
    const logp = typer.logProbabilities(inputs.features[p] as string[], typePair, restricted);
    const prior = fusion.evidence ? typer.logPrior(typePair, restricted) : undefined;
    let networkBest = Number.NEGATIVE_INFINITY;
    let fusedBest = Number.NEGATIVE_INFINITY;
    for (let k = 1; k < l; k++) {
      if (!allowed[k - 1]) continue;
      const before = logits[row + k] as number;
      const term = restricted[k - 1]
        ? (logp[k - 1] as number) - (prior ? (prior[k - 1] as number) : 0)
        : FLOOR_LOG_PROBABILITY;
      const after = before + w * term;
      logits[row + k] = after;
      networkBest = Math.max(networkBest, before);
      fusedBest = Math.max(fusedBest, after);
    }
    if (fusion.typesOnly && Number.isFinite(fusedBest)) {
      const shift = networkBest - fusedBest;
      for (let k = 1; k < l; k++)
        if (allowed[k - 1]) logits[row + k] = (logits[row + k] as number) + shift;
    }
  }
  return { ...scores, relationLogits: logits };
}
