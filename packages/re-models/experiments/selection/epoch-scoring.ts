// Scores one epoch's network on the selection slice and on an evaluation set, as the
// epoch-selection study (selection-epochs.ts, summaries/selection-rules-round27.md) needs:
// the selection signals (pair+type F1 net and fused, mean cross-entropy) and the evaluation
// figures of the decision rule tuned on the selection slice, net and fused with the linear typer.
import type { BioCDocument } from "@biore/bioc-io";
import {
  type BioredRelation,
  bioredMacroF1,
  bioredScores,
  relationsFromBioC,
} from "@biore/re-metrics";
import type { RelationDataset } from "@biore/relation-dataset";
import {
  type DecisionRule,
  type PairScores,
  type RelationModel,
  tuneDecisionRule,
  tuneNoneBias,
} from "../../src/index.js";
import { DEFAULT_TYPER_FUSION, type LinearTyper, fuseTyperScores } from "../../src/typer/index.js";
import type { TyperInputs } from "../../src/typer/inputs.js";
import { predictedRelations } from "../typer/fusion.js";
import { maskAllMentions } from "../views/masked-view.js";

/** Floor of a pair's gold-label probability in the log-loss (a masked gold type: a constant). */
const PROBABILITY_FLOOR = 1e-6;

/** Mean −log softmax(relation logits)[gold] over all candidate pairs (None included). */
export function meanLogLoss(scores: PairScores): number {
  const l = scores.numLabels;
  let sum = 0;
  for (let p = 0; p < scores.numPairs; p++) {
    const row = p * l;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < l; k++) max = Math.max(max, scores.relationLogits[row + k] as number);
    let z = 0;
    for (let k = 0; k < l; k++) z += Math.exp((scores.relationLogits[row + k] as number) - max);
    const gold = scores.labelIds[p] as number;
    const prob = Math.exp((scores.relationLogits[row + gold] as number) - max) / z;
    sum -= Math.log(Math.max(prob, PROBABILITY_FLOOR));
  }
  return scores.numPairs === 0 ? 0 : sum / scores.numPairs;
}

/** A set the network is scored on: its encoding, BioC documents and the typer's inputs. */
export interface ScoredSet {
  data: RelationDataset;
  documents: readonly BioCDocument[];
  typer: TyperInputs;
}

/** The evaluation figures the study keeps (BioRED track scoring). */
export interface EvalSummary {
  pair: number;
  pairType: number;
  all: number;
  macro: number;
}

/** What one epoch scored; `predictions` kept apart for the run records of the analysis. */
export interface EpochScores {
  selection: { f1Net: number; f1Fused: number; logLoss: number };
  rules: { net: DecisionRule; fused: DecisionRule };
  eval: { net: EvalSummary; fused: EvalSummary };
  predictions: { net: BioredRelation[]; fused: BioredRelation[] };
  raw: { selection: PairScores; eval: PairScores };
  /** The network's scores of the all-names-masked view (round 3.6), when asked for. */
  masked?: { selection: PairScores; eval: PairScores };
}

/**
 * Scores the model's current weights; `evaluate` scores predictions on the evaluation set. With
 * `maskedView`, the network also scores both sets with every entity name masked (round 3.6).
 */
export function epochScorer(
  selection: ScoredSet,
  evaluation: ScoredSet,
  typer: LinearTyper,
  labels: readonly string[],
  maskedView = false,
) {
  const maskedDocuments = maskedView
    ? {
        selection: maskAllMentions(selection.data.documents),
        eval: maskAllMentions(evaluation.data.documents),
      }
    : undefined;
  const gold = relationsFromBioC(evaluation.documents);
  const goldTypes = [...new Set(gold.map((r) => r.type))].sort();
  const documentIds = evaluation.documents.map((d) => d.id);
  const pairs = evaluation.data.pairs.flatMap((ps) =>
    ps.map((p): [string, string, string] => [p.documentId, p.head.identifier, p.tail.identifier]),
  );
  const summarize = (predictions: BioredRelation[]): EvalSummary => {
    const s = bioredScores(gold, predictions, {
      entityTypes: evaluation.documents,
      documentIds,
    });
    return {
      pair: s.pair.f1,
      pairType: s.pairType.f1,
      all: s.all.f1,
      macro: bioredMacroF1(s, goldTypes),
    };
  };
  return (model: RelationModel): EpochScores => {
    const sel = model.score(selection.data.documents);
    const ev = model.score(evaluation.data.documents);
    if (ev.numPairs !== pairs.length)
      throw new Error(`evaluation scores hold ${ev.numPairs} pairs, the encoding ${pairs.length}`);
    const selFused = fuseTyperScores(sel, typer, selection.typer, DEFAULT_TYPER_FUSION);
    const evFused = fuseTyperScores(ev, typer, evaluation.typer, DEFAULT_TYPER_FUSION);
    const netRule = tuneDecisionRule(sel, false);
    const fusedRule = tuneDecisionRule(selFused, false);
    const net = predictedRelations(ev, netRule, pairs, labels);
    const fused = predictedRelations(evFused, fusedRule, pairs, labels);
    return {
      selection: {
        f1Net: tuneNoneBias(sel).f1,
        f1Fused: tuneNoneBias(selFused).f1,
        logLoss: meanLogLoss(sel),
      },
      rules: { net: netRule, fused: fusedRule },
      eval: { net: summarize(net), fused: summarize(fused) },
      predictions: { net, fused },
      raw: { selection: sel, eval: ev },
      ...(maskedDocuments
        ? {
            masked: {
              selection: model.score(maskedDocuments.selection, { networkOnly: true }),
              eval: model.score(maskedDocuments.eval, { networkOnly: true }),
            },
          }
        : {}),
    };
  };
}
