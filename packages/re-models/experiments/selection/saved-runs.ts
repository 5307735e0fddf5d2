// The runs selection-epochs.ts saved with SCORES=1, read back at the epoch the library's rule
// (R2) picks: the network's and the typer-fused scores of the selection slice and of the
// evaluation set, the recorded fused predictions, and BioRED figures of new decisions. For
// analyses that re-decide from saved scores without training (context-rescoring.ts,
// ensemble-size.ts).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { type BioredRelation, bioredScores, relationsFromBioC } from "@biore/re-metrics";
import { dataFile, haveData } from "@biore/test-data";
import { averageScores } from "../../src/experiment/index.js";
import { type PairScores, tuneNoneBias } from "../../src/index.js";
import {
  DEFAULT_TYPER_FUSION,
  type LinearTyper,
  type TyperFusion,
  fuseTyperScores,
} from "../../src/typer/index.js";
import { predictedRelations } from "../typer/fusion.js";
import { r2 } from "./rules.js";
import { type SplitWithTyper, withTyper } from "./split-typer.js";
import { type SelectionSplit, evaluationFoldOf, foldSplitWithDev, twoSliceFold } from "./split.js";

interface RunFile {
  objective: string;
  seed: number;
  fold: number | null;
  /** The slice a fold run was evaluated on (absent in early runs: the next fold's). */
  evaluationFold?: number | null;
  /** "own": the fold run fitted its tokenizer on its fit documents (FOLD_TOKENIZER=own). */
  foldTokenizer?: "own";
  /** Dev runs that select on another fold's slice (round 3.4). */
  selectionFold?: number;
  /** How many consecutive folds' slices it selected on (round 3.5; 1 when absent). */
  selectionSlices?: number;
  /** The Train fold whose slice it also left out of its fit documents (round 5.4). */
  fitWithout?: number;
  /** It selected on half of its slice and fitted the other half (round 5.5). */
  halfSlice?: boolean;
  /** Its network fitted the selection slice too (round 6.0). */
  refit?: boolean;
  settings: { maxTokens: number };
  typer: { l2: number };
  epochs: {
    selection: { f1Net: number; f1Fused: number; logLoss: number };
    eval: { fused: { pair: number; pairType: number; all: number } };
  }[];
  predictions: { fused: BioredRelation[] }[];
  seconds: unknown;
}
/** One epoch's rounded relation logits as selection-epochs.ts saves them (SCORES=1). */
export interface SavedEpochScores {
  selection: number[];
  eval: number[];
  /** MASKED_VIEW=1: the all-names-masked view's (round 3.6). */
  selectionMasked?: number[];
  evalMasked?: number[];
  /** WINDOW_WEIGHTS=1: the weights of this epoch and its two neighbours averaged (round 4.2). */
  selectionWindowWeights?: number[];
  evalWindowWeights?: number[];
}
interface ScoreFile {
  numLabels: number;
  selectionLabelIds: number[];
  epochs: SavedEpochScores[];
}

/** Scores of a run's selection slice and evaluation set (one view, epoch or average). */
export interface SetScores {
  selection: PairScores;
  evaluation: PairScores;
}

export type { SplitWithTyper } from "./split-typer.js";

/** A saved run at its R2 epoch. */
export interface SavedRun {
  name: string;
  objective: string;
  seed: number;
  fold: number | null;
  /** The fold whose slice a Dev run selected on (1: the usual slice). */
  selectionFold: number;
  /** The fold whose slice a fold run was evaluated on (null for Dev runs). */
  evaluationFold: number | null;
  /**
   * Its network fitted the selection slice too (REFIT=1, round 6.0): its selection scores are
   * in-sample, so it is decided with its standard twin's (`selection/refit.ts`).
   */
  refit: boolean;
  epoch: number;
  seconds: unknown;
  split: SplitWithTyper;
  net: SetScores;
  fused: SetScores;
  /** The network's scores of the all-names-masked view (runs saved with MASKED_VIEW=1). */
  masked?: SetScores;
  /**
   * The network's scores with the weights of epochs epoch − 1 … epoch + 1 averaged (runs saved
   * with WINDOW_WEIGHTS=1, round 4.2).
   */
  windowWeights?: SetScores;
  /** The network's scores at any saved epoch (1-based); `net` is `netAt(epoch)`. */
  netAt: (epoch: number) => SetScores;
  /** How many epochs the run saved. */
  epochs: number;
  /** The fused system's evaluation-set predictions as the run recorded them. */
  recorded: BioredRelation[];
  /** The recorded fused evaluation figures at this epoch. */
  recordedFigures: { pair: number; pairType: number };
}

/** Names (`<objective>[-f<k>]-s<seed>`) of the runs in `dir` that saved their scores. */
export function savedRunNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".epochs.json"))
    .map((f) => f.replace(/\.epochs\.json$/, ""))
    .filter((name) => existsSync(join(dir, `${name}.epoch-scores.json`)))
    .sort();
}

const labelIdsOf = (data: SelectionSplit["evaluation"]) =>
  Int32Array.from(data.documents.flatMap((d) => Array.from(d.labelIds)));

const scoresOf = (logits: number[], labelIds: Int32Array, numLabels: number): PairScores => ({
  numPairs: labelIds.length,
  numLabels,
  relationLogits: Float32Array.from(logits),
  // novelty logits are not saved: decisions made from these scores take novelty elsewhere
  noveltyLogits: new Float32Array(labelIds.length),
  embeddingDim: 0,
  labelIds,
  novelIds: new Int32Array(labelIds.length),
});

/** Reads saved runs, rebuilding each split (Train, Dev) and its typer once. */
export function savedRunReader(train: readonly BioCDocument[], dev: readonly BioCDocument[]) {
  const splits = new Map<string, SplitWithTyper>();
  const splitOf = (
    fold: number | null,
    evaluationFold: number | null,
    devFold: number,
    slices: number,
    maxTokens: number,
    ownTokenizer: boolean,
    fitWithout: number | undefined,
    halfSlice: boolean,
  ): SplitWithTyper => {
    const key = `${fold}/${evaluationFold}/${devFold}/${slices}/${maxTokens}/${ownTokenizer}/${fitWithout}/${halfSlice}`;
    const known = splits.get(key);
    if (known) return known;
    const split =
      fold === null
        ? foldSplitWithDev(train, dev, devFold, maxTokens, { slices, fitWithout, halfSlice })
        : twoSliceFold(train, fold, maxTokens, {
            evaluationFold: evaluationFold ?? undefined,
            ownTokenizer,
            halfSlice,
          });
    const made = withTyper(split, () => {});
    splits.set(key, made);
    return made;
  };
  return (dir: string, name: string): SavedRun => {
    const run = JSON.parse(readFileSync(join(dir, `${name}.epochs.json`), "utf8")) as RunFile;
    const saved = JSON.parse(
      readFileSync(join(dir, `${name}.epoch-scores.json`), "utf8"),
    ) as ScoreFile;
    if (run.fold === null && dev.length === 0)
      throw new Error(`${name} was evaluated on Dev: read Dev to analyse it`);
    const evaluationFold =
      run.fold === null ? null : (run.evaluationFold ?? evaluationFoldOf(run.fold));
    const split = splitOf(
      run.fold,
      evaluationFold,
      run.selectionFold ?? 1,
      run.selectionSlices ?? 1,
      run.settings.maxTokens,
      run.foldTokenizer === "own",
      run.fitWithout,
      run.halfSlice === true,
    );
    if (Math.abs(split.typer.l2 - run.typer.l2) > 1e-12)
      throw new Error(`${name}: typer L2 ${split.typer.l2} ≠ recorded ${run.typer.l2}`);
    const epoch = r2({
      f1: run.epochs.map((e) => e.selection.f1Net),
      f1Fused: run.epochs.map((e) => e.selection.f1Fused),
      logLoss: run.epochs.map((e) => e.selection.logLoss),
    });
    const selectionLabelIds = Int32Array.from(saved.selectionLabelIds);
    const evaluationLabelIds = labelIdsOf(split.split.evaluation);
    const setScores = (selection?: number[], evaluation?: number[]): SetScores | undefined =>
      selection && evaluation
        ? {
            selection: scoresOf(selection, selectionLabelIds, saved.numLabels),
            evaluation: scoresOf(evaluation, evaluationLabelIds, saved.numLabels),
          }
        : undefined;
    const netAt = (at: number): SetScores => {
      const scores = saved.epochs[at - 1];
      if (!scores) throw new Error(`${name} saved ${saved.epochs.length} epochs, not epoch ${at}`);
      return setScores(scores.selection, scores.eval) as SetScores;
    };
    const raw = saved.epochs[epoch - 1] as SavedEpochScores;
    const net = netAt(epoch);
    const fused = fuseWithTyper(split, net);
    const masked = setScores(raw.selectionMasked, raw.evalMasked);
    const windowWeights = setScores(raw.selectionWindowWeights, raw.evalWindowWeights);
    return {
      name,
      objective: run.objective,
      seed: run.seed,
      fold: run.fold,
      selectionFold: run.selectionFold ?? 1,
      evaluationFold,
      refit: run.refit === true,
      epoch,
      seconds: run.seconds,
      split,
      net,
      fused,
      ...(masked ? { masked } : {}),
      ...(windowWeights ? { windowWeights } : {}),
      netAt,
      epochs: saved.epochs.length,
      recorded: run.predictions[epoch - 1]?.fused ?? [],
      recordedFigures: run.epochs[epoch - 1]?.eval.fused as { pair: number; pairType: number },
    };
  };
}

/**
 * The reader of saved runs over BioRED Train, and Dev when `withDev` (Dev runs need it); exits
 * with the data helper's message when the corpus is not there.
 */
export async function openSavedRuns(withDev: boolean) {
  const trainFile = dataFile("biored", "Train.BioC.XML");
  const devFile = dataFile("biored", "Dev.BioC.XML");
  if (!haveData(trainFile, devFile)) process.exit(1);
  return savedRunReader(
    (await readCollection(trainFile)).documents,
    withDev ? (await readCollection(devFile)).documents : [],
  );
}

/** Writes `<dir>/<system>-<objective>-s<seed>.json`, a run record `summarize.ts` reads. */
export function writeRunRecord(
  dir: string,
  system: string,
  run: SavedRun,
  figures: EvaluationFigures,
  predictions: readonly BioredRelation[],
): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${system}-${run.objective}-s${run.seed}.json`),
    JSON.stringify({
      objective: `${system}-${run.objective}`,
      seed: run.seed,
      training: { bestEpoch: run.epoch, bestValidationF1: null, history: [] },
      dev: {
        pair: { f1: figures.pair },
        pairType: { f1: figures.pairType },
        all: { f1: figures.all },
      },
      seconds: run.seconds,
      predictions,
    }),
  );
}

/**
 * The scores with the split's typer fused as the library does (w = 0.75), or as `fusion` says;
 * `evaluationTyper` reads the evaluation set instead (round 5.6's refit).
 */
export function fuseWithTyper(
  split: SplitWithTyper,
  net: SetScores,
  fusion: TyperFusion = DEFAULT_TYPER_FUSION,
  evaluationTyper: LinearTyper = split.typer,
): SetScores {
  return {
    selection: fuseTyperScores(net.selection, split.typer, split.selection, fusion),
    evaluation: fuseTyperScores(net.evaluation, evaluationTyper, split.evaluation, fusion),
  };
}

/**
 * The logit average of runs of one split: the network's scores averaged, then the split's typer
 * fused once (fusion is linear, as the library's ensembles do it).
 */
export function averageRuns(members: readonly SavedRun[]): { net: SetScores; fused: SetScores } {
  const net = averageSetScores(members.map((r) => r.net));
  return { net, fused: fuseWithTyper((members[0] as SavedRun).split, net) };
}

/** The logit average of several scores of the same sets, set by set. */
export function averageSetScores(parts: readonly SetScores[]): SetScores {
  return {
    selection: averageScores(parts.map((p) => p.selection)),
    evaluation: averageScores(parts.map((p) => p.evaluation)),
  };
}

/**
 * The runs of each split (fold, selection fold, objective) in groups of `size` by seed:
 * disjoint groups of consecutive seeds, or with `everySubset` every `size`-subset of the split's
 * seeds. Seeds left over after the last whole group are not used.
 */
export function seedGroups(
  runs: readonly SavedRun[],
  size: number,
  everySubset = false,
): SavedRun[][] {
  const bySplit = new Map<string, SavedRun[]>();
  for (const run of runs) {
    const key = `${run.fold}/${run.evaluationFold}/${run.selectionFold}/${run.objective}`;
    bySplit.set(key, [...(bySplit.get(key) ?? []), run]);
  }
  return [...bySplit.values()].flatMap((members) =>
    subsets(
      [...members].sort((a, b) => a.seed - b.seed),
      size,
      everySubset,
    ),
  );
}

/** The `size`-subsets of `xs` in order: every one, or disjoint consecutive ones. */
export function subsets<T>(xs: readonly T[], size: number, every: boolean): T[][] {
  if (!every) {
    const groups: T[][] = [];
    for (let g = 0; g + size <= xs.length; g += size) groups.push(xs.slice(g, g + size));
    return groups;
  }
  if (size === 0) return [[]];
  return xs.flatMap((x, i) => subsets(xs.slice(i + 1), size - 1, true).map((rest) => [x, ...rest]));
}

/** Novelty of a predicted pair: the fused system's recorded call, else its majority call. */
export function noveltyFrom(recorded: readonly BioredRelation[]) {
  const known = new Map(
    recorded.map((r) => [`${r.documentId}|${r.entity1}|${r.entity2}`, r.novel as "Novel" | "No"]),
  );
  const novel = recorded.filter((r) => r.novel === "Novel").length;
  const majority: "Novel" | "No" = novel >= recorded.length - novel ? "Novel" : "No";
  return (documentId: string, entity1: string, entity2: string) =>
    known.get(`${documentId}|${entity1}|${entity2}`) ?? majority;
}

/** The BioRED relations `scores` decide at `noneBias` on the split's evaluation set. */
export function relationsAt(
  scores: PairScores,
  noneBias: number,
  split: SelectionSplit,
  novelty: ReturnType<typeof noveltyFrom>,
): BioredRelation[] {
  const pairs = split.evaluation.pairs
    .flat()
    .map((p): [string, string, string] => [p.documentId, p.head.identifier, p.tail.identifier]);
  // novelty logits are not saved: each relation takes its novelty from `novelty`
  return predictedRelations(
    scores,
    { noneBias, noveltyThreshold: 0.5 },
    pairs,
    split.fit.labelSpace.labels,
  ).map((r) => ({ ...r, novel: novelty(r.documentId, r.entity1, r.entity2) }));
}

/** BioRED track pair / +type / all F1 and pair precision / recall on the evaluation set. */
export function evaluationFigures(split: SelectionSplit, predictions: BioredRelation[]) {
  return documentFigures(split.evaluationDocuments, predictions);
}

/** BioRED track pair / +type / all F1 and pair precision / recall on `documents`, scored once. */
export function documentFigures(
  documents: readonly BioCDocument[],
  predictions: readonly BioredRelation[],
) {
  const s = bioredScores(relationsFromBioC(documents), predictions, {
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
export type EvaluationFigures = ReturnType<typeof evaluationFigures>;

/**
 * The fused system's (the run's typer fused into `net`) and the network's own decisions, each at
 * the None bias tuned on its selection-slice scores.
 */
export function decideFusedAndNet(run: SavedRun, net: SetScores) {
  const novelty = noveltyFrom(run.recorded);
  return {
    fused: decideAtHeldOutBias(fuseWithTyper(run.split, net), run.split.split, novelty),
    net: decideAtHeldOutBias(net, run.split.split, novelty),
  };
}

/**
 * An ensemble of runs of one split decided as the library decides it: the network logits
 * averaged, the split's typer fused once (`fusion`, the library's by default), the None bias tuned
 * on the averaged selection slice; novelty from the first run's recorded calls.
 */
export function decideEnsemble(
  members: readonly SavedRun[],
  fusion: TyperFusion = DEFAULT_TYPER_FUSION,
): BioredRelation[] {
  const first = members[0] as SavedRun;
  const net = averageSetScores(members.map((r) => r.net));
  return decideScores(first, fuseWithTyper(first.split, net, fusion));
}

/**
 * The evaluation set of `run`'s split decided from `scores` (that split's, e.g. an ensemble's
 * averaged and fused ones) as the library decides: the None bias tuned on their selection slice,
 * novelty from `run`'s recorded calls.
 */
export function decideScores(run: SavedRun, scores: SetScores): BioredRelation[] {
  return decideAtHeldOutBias(scores, run.split.split, noveltyFrom(run.recorded)).predictions;
}

/**
 * The evaluation set decided at the None bias tuned on the selection slice's `scores`, as the
 * library decides, and its figures.
 */
export function decideAtHeldOutBias(
  scores: SetScores,
  split: SelectionSplit,
  novelty: ReturnType<typeof noveltyFrom>,
): { predictions: BioredRelation[]; figures: EvaluationFigures } {
  const noneBias = tuneNoneBias(scores.selection).noneBias;
  const predictions = relationsAt(scores.evaluation, noneBias, split, novelty);
  return { predictions, figures: evaluationFigures(split, predictions) };
}

/**
 * The fused system re-decided from the saved scores (None bias tuned on the selection slice), and
 * whether that reproduces the run's recorded pair and +type within 0.3 points: the scores are
 * rounded to 1e-4, which now and then moves the cut between two near-equal margins.
 */
export function fusedReproduction(run: SavedRun): {
  figures: EvaluationFigures;
  reproduces: boolean;
} {
  const { figures } = decideAtHeldOutBias(run.fused, run.split.split, noveltyFrom(run.recorded));
  const expected = run.recordedFigures;
  const reproduces =
    Math.abs(figures.pair - expected.pair) <= 0.003 &&
    Math.abs(figures.pairType - expected.pairType) <= 0.003;
  return { figures, reproduces };
}

/** `fusedReproduction`'s figures; throws unless they reproduce the recorded ones. */
export function checkedFusedFigures(run: SavedRun): EvaluationFigures {
  const { figures, reproduces } = fusedReproduction(run);
  const expected = run.recordedFigures;
  if (!reproduces)
    throw new Error(
      `${run.name}: recomputed fused pair/+type ${figures.pair}/${figures.pairType} ≠ recorded ${expected.pair}/${expected.pairType}`,
    );
  return figures;
}

/**
 * For analyses that compare decisions made from the same saved scores (every arm sees the same
 * rounding): logs a run whose saved scores do not reproduce its recorded figures, instead of
 * stopping, and returns the figures decided from the saved scores.
 */
export function noteReproduction(run: SavedRun, log: (line: string) => void): EvaluationFigures {
  const { figures, reproduces } = fusedReproduction(run);
  if (!reproduces)
    log(
      `${run.name}: the rounded saved scores decide pair/+type ${(100 * figures.pair).toFixed(2)}/${(100 * figures.pairType).toFixed(2)}, the run recorded ${(100 * run.recordedFigures.pair).toFixed(2)}/${(100 * run.recordedFigures.pairType).toFixed(2)}; every arm here uses the saved scores`,
    );
  return figures;
}

/**
 * The saved runs an analysis reads from the environment: DIR (the run folder, relative to
 * experiments/ unless absolute; DEV=1 when its runs were evaluated on Dev), and OUT (a folder
 * for run records, when given).
 */
export async function savedRunsFromEnv(env: NodeJS.ProcessEnv) {
  const experimentsDir = dirname(dirname(fileURLToPath(import.meta.url)));
  const dir = resolve(experimentsDir, env.DIR ?? "results-r36-folds");
  const read = await openSavedRuns(env.DEV === "1");
  return {
    dir,
    out: env.OUT ? resolve(experimentsDir, env.OUT) : undefined,
    runs: savedRunNames(dir).map((name) => read(dir, name)),
  };
}
