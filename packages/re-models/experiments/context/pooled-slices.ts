// The pieces of rounds 4.6–4.7 (summaries/pooled-rescoring-round46.md): the document-context
// re-scorer of round 2.9 fitted on 200 Train documents pooled from several units instead of one
// 40-document selection slice — the evaluation slices of the five Train-fold runs (4.6), or the
// selection slices of five Dev runs that each selected on another slice (4.7). A "scored set" is
// a unit's selection slice and evaluation set as it scored them: a run, or the logit average of
// a seed group.
import type { BioredRelation } from "@biore/re-metrics";
import { tuneNoneBias } from "../../src/index.js";
import {
  type EvaluationFigures,
  type SavedRun,
  type SetScores,
  averageRuns,
  decideAtHeldOutBias,
  documentFigures,
  noveltyFrom,
  relationsAt,
} from "../selection/saved-runs.js";
import type { SelectionSplit } from "../selection/split.js";
import { concatScores } from "../typer/calibration.js";
import { sd } from "../selection/stats.js";
import { bin, contextFeatures, margins } from "./features.js";
import { fitRescorer, rescored, rescorerLogOdds } from "./rescorer.js";

/** Bin edges of the SD of the members' margins over None (logit units). */
const SPREAD_EDGES = [0.25, 0.5, 1, 1.5, 2, 3];

/** One evaluation set as a unit (a run or a seed group's logit average) scored and decided it. */
export interface ScoredSet {
  name: string;
  /** The first member: objective, seed and recorded novelty calls for the run record. */
  run: SavedRun;
  split: SelectionSplit;
  /** The typer-fused and network scores of the selection slice and the evaluation set. */
  fused: SetScores;
  net: SetScores;
  /** Each member network's scores (one for a single run). */
  members: SetScores[];
  novelty: ReturnType<typeof noveltyFrom>;
  /** The library's decision: the None bias tuned on the unit's own selection slice. */
  standard: BioredRelation[];
}

/** A run, or the logit average of a group of runs of one split, as a scored set. */
export function scoredSet(group: readonly SavedRun[]): ScoredSet {
  const run = group[0] as SavedRun;
  const { net, fused } = averageRuns(group);
  const novelty = noveltyFrom(run.recorded);
  return {
    name: group.map((r) => r.name).join(", "),
    run,
    split: run.split.split,
    fused,
    net,
    members: group.map((r) => r.net),
    novelty,
    standard: decideAtHeldOutBias(fused, run.split.split, novelty).predictions,
  };
}

/** Which of a scored set's two parts: the selection slice or the evaluation set. */
export type Part = keyof SetScores;

/**
 * The re-scorer's features of every pair of one part: round 2.9's context features, plus the
 * spread of the members' margins when the set averages several networks.
 */
export function setFeatures(set: ScoredSet, part: Part = "evaluation"): string[][] {
  const features = contextFeatures(set.split[part], set.fused[part], set.net[part]);
  if (set.members.length < 2) return features;
  const memberMargins = set.members.map((m) => margins(m[part]));
  return features.map((f, p) => [
    ...f,
    `spread:${bin(sd(memberMargins.map((m) => m[p] as number)), SPREAD_EDGES)}`,
  ]);
}

/** A re-scorer fitted on scored sets, and the None bias its out-of-fold scores place. */
export interface PooledRescorer {
  rescorer: ReturnType<typeof fitRescorer>;
  noneBias: number;
  documents: number;
}

/** Fits the re-scorer on one part of each of `sets` (documents never repeated across them). */
export function fitPooledRescorer(
  sets: readonly ScoredSet[],
  part: Part = "evaluation",
): PooledRescorer {
  const features: string[][] = [];
  const labels: number[] = [];
  const documentOf: number[] = [];
  let documents = 0;
  for (const set of sets) {
    features.push(...setFeatures(set, part));
    labels.push(...set.fused[part].labelIds);
    for (const pairs of set.split[part].pairs) {
      for (const _ of pairs) documentOf.push(documents);
      documents++;
    }
  }
  const rescorer = fitRescorer(features, Int32Array.from(labels), Int32Array.from(documentOf));
  const fused = concatScores(sets.map((s) => s.fused[part]));
  const { noneBias } = tuneNoneBias(rescored(fused, rescorer.outOfFold));
  return { rescorer, noneBias, documents };
}

/** The relations `pooled` decides on a set's evaluation pairs (the re-scorer never saw them). */
export function rescoredRelations(pooled: PooledRescorer, set: ScoredSet): BioredRelation[] {
  const logOdds = rescorerLogOdds(pooled.rescorer, setFeatures(set));
  return relationsAt(
    rescored(set.fused.evaluation, logOdds),
    pooled.noneBias,
    set.split,
    set.novelty,
  );
}

/**
 * The relations of the fused scores at a None bias placed on one part of other sets (no
 * re-scorer): what the larger pool of documents alone does to the cut.
 */
export function pooledCutRelations(
  others: readonly ScoredSet[],
  set: ScoredSet,
  part: Part = "evaluation",
): BioredRelation[] {
  const { noneBias } = tuneNoneBias(concatScores(others.map((s) => s.fused[part])));
  return relationsAt(set.fused.evaluation, noneBias, set.split, set.novelty);
}

/** BioRED track figures of predictions over several sets' evaluation documents, scored once. */
export function pooledFigures(
  sets: readonly ScoredSet[],
  predictions: readonly BioredRelation[][],
): EvaluationFigures {
  return documentFigures(
    sets.flatMap((s) => s.split.evaluationDocuments),
    predictions.flat(),
  );
}
