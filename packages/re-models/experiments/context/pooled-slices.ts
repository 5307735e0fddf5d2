// The pieces of round 4.6 (summaries/pooled-rescoring-round46.md): the document-context
// re-scorer of round 2.9 fitted on the evaluation slices of the five Train-fold runs (200
// documents no network of the fold saw) instead of one 40-document selection slice. A "scored
// set" is one evaluation set as a unit decided it: a run, or the logit average of a seed group.
import { type BioredRelation, bioredScores, relationsFromBioC } from "@biore/re-metrics";
import type { BioCDocument } from "@biore/bioc-io";
import { type PairScores, tuneNoneBias } from "../../src/index.js";
import {
  type EvaluationFigures,
  type SavedRun,
  type SetScores,
  averageRuns,
  decideAtHeldOutBias,
  noveltyFrom,
  relationsAt,
} from "../selection/saved-runs.js";
import type { SelectionSplit } from "../selection/split.js";
import { concatScores } from "../typer/calibration.js";
import { contextFeatures, margins } from "./features.js";
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
  /** Each member network's evaluation-set scores (one for a single run). */
  members: PairScores[];
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
    members: group.map((r) => r.net.evaluation),
    novelty,
    standard: decideAtHeldOutBias(fused, run.split.split, novelty).predictions,
  };
}

const bin = (x: number, edges: readonly number[]) => {
  let i = 0;
  while (i < edges.length && x >= (edges[i] as number)) i++;
  return i;
};

/**
 * The re-scorer's features of every evaluation pair: round 2.9's context features, plus the
 * spread of the members' margins when the set averages several networks.
 */
export function setFeatures(set: ScoredSet): string[][] {
  const features = contextFeatures(set.split.evaluation, set.fused.evaluation, set.net.evaluation);
  if (set.members.length < 2) return features;
  const memberMargins = set.members.map(margins);
  return features.map((f, p) => {
    const values = memberMargins.map((m) => m[p] as number);
    const mu = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mu) ** 2, 0) / (values.length - 1));
    return [...f, `spread:${bin(sd, SPREAD_EDGES)}`];
  });
}

/** A re-scorer fitted on scored sets, and the None bias its out-of-fold scores place. */
export interface PooledRescorer {
  rescorer: ReturnType<typeof fitRescorer>;
  noneBias: number;
  documents: number;
}

/** Fits the re-scorer on the evaluation sets of `sets` (documents never repeated across them). */
export function fitPooledRescorer(sets: readonly ScoredSet[]): PooledRescorer {
  const features: string[][] = [];
  const labels: number[] = [];
  const documentOf: number[] = [];
  let documents = 0;
  for (const set of sets) {
    features.push(...setFeatures(set));
    labels.push(...set.fused.evaluation.labelIds);
    for (const pairs of set.split.evaluation.pairs) {
      for (const _ of pairs) documentOf.push(documents);
      documents++;
    }
  }
  const rescorer = fitRescorer(features, Int32Array.from(labels), Int32Array.from(documentOf));
  const fused = concatScores(sets.map((s) => s.fused.evaluation));
  const { noneBias } = tuneNoneBias(rescored(fused, rescorer.outOfFold));
  return { rescorer, noneBias, documents };
}

/** The relations `pooled` decides on a set's evaluation pairs. */
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
 * The relations of the fused scores at a None bias placed on other sets' evaluation scores
 * (no re-scorer): what the larger pool of documents alone does to the cut.
 */
export function pooledCutRelations(others: readonly ScoredSet[], set: ScoredSet): BioredRelation[] {
  const { noneBias } = tuneNoneBias(concatScores(others.map((s) => s.fused.evaluation)));
  return relationsAt(set.fused.evaluation, noneBias, set.split, set.novelty);
}

/** BioRED track figures of predictions over several sets' evaluation documents, scored once. */
export function pooledFigures(
  sets: readonly ScoredSet[],
  predictions: readonly BioredRelation[][],
): EvaluationFigures {
  const documents: BioCDocument[] = sets.flatMap((s) => s.split.evaluationDocuments);
  const s = bioredScores(relationsFromBioC(documents), predictions.flat(), {
    entityTypes: documents,
    documentIds: documents.map((d) => d.id),
  });
  return {
    pair: s.pair.f1,
    pairType: s.pairType.f1,
    all: s.all.f1,
    p: s.pair.precision,
    r: s.pair.recall,
  };
}
