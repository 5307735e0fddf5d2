// What the fusion drivers read before they fuse anything: the runs' own split of Train and
// Dev encoding (typer-fusion.ts, detector-fusion.ts), the runs' stored scores checked against
// those pairs, the systems (each run, and their logit average) they score, and one held-out
// fold's data and stored scores (typer-cv.ts, detector-cv.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BioCCollection, type BioCDocument, readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import type { RelationDataset } from "@biore/relation-dataset";
import type { PairScores } from "../../src/index.js";
import { averageScores, encodeLike, holdOutForSelection } from "../../src/experiment/index.js";
import { foldTrainingData } from "../held-out-folds.js";
import { type RunScores, pairScores } from "../pair-scores.js";
import { BIORED_TOKENIZER, HELD_OUT_FRACTION, HELD_OUT_SEED } from "../settings.js";
import { keptForFraction } from "../train-fraction.js";
import { type TyperPairs, typerPairs } from "./typer.js";
import type { PairFeatureOptions } from "./features.js";

/** The runs' max tokens (biored.ts's default). */
const MAX_TOKENS = 512;

/** The usual split's fit / held-out pairs and the Dev pairs, as the Dev runs saw them. */
export interface DevFusionInputs {
  devCollection: BioCCollection;
  devData: ReturnType<typeof encodeLike>;
  fitPairs: TyperPairs;
  /** How many fit documents the fit pairs come from (all 360, or a TRAIN_FRACTION run's subset). */
  fitDocuments: number;
  heldOutPairs: TyperPairs;
  devPairs: TyperPairs;
  numClasses: number;
}

/**
 * Reads Train and Dev and rebuilds the runs' split (fixed held-out seed); exits when the data is
 * absent. `trainFraction` < 1: the fit pairs are those of the fit documents a TRAIN_FRACTION run
 * of biored.ts trained on (same seeded subset); held-out and Dev stay the full run's.
 */
export async function devFusionInputs(
  features: PairFeatureOptions = {},
  trainFraction = 1,
): Promise<DevFusionInputs> {
  const trainFile = dataFile("biored", "Train.BioC.XML");
  const devFile = dataFile("biored", "Dev.BioC.XML");
  if (!haveData(trainFile, devFile)) process.exit(1);
  const train = await readCollection(trainFile);
  const devCollection = await readCollection(devFile);
  const split = holdOutForSelection(train.documents, {
    seed: HELD_OUT_SEED,
    fraction: HELD_OUT_FRACTION,
    dataset: { tokenizerOptions: BIORED_TOKENIZER, maxTokens: MAX_TOKENS },
  });
  const devData = encodeLike(split.fit, devCollection.documents, { maxTokens: MAX_TOKENS });
  const fit = fitFraction(split.fit, trainFraction);
  return {
    devCollection,
    devData,
    fitPairs: typerPairs(fit, split.fitDocuments, features),
    fitDocuments: fit.documents.length,
    heldOutPairs: typerPairs(split.validation, split.validationDocuments, features),
    devPairs: typerPairs(devData, devCollection.documents, features),
    numClasses: split.fit.labelSpace.size - 1,
  };
}

/**
 * The fit part cut to the documents a TRAIN_FRACTION run keeps (biored.ts), in its order, with
 * each document's pairs and concepts alongside (biored.ts cuts only `documents`: its training
 * reads nothing else of the fit part).
 */
function fitFraction(fit: RelationDataset, fraction: number): RelationDataset {
  if (fraction === 1) return fit;
  const position = new Map(fit.documents.map((d, i) => [d, i]));
  const kept = keptForFraction(fit.documents, fraction).map((d) => position.get(d) as number);
  return {
    ...fit,
    documents: kept.map((i) => fit.documents[i] as (typeof fit.documents)[number]),
    pairs: kept.map((i) => fit.pairs[i] as (typeof fit.pairs)[number]),
    concepts: kept.map((i) => fit.concepts[i] as (typeof fit.concepts)[number]),
  };
}

/**
 * The training fraction the runs (`<run>.json` under `root`) were trained with; refused when
 * they differ from each other or from `requested` (TRAIN_FRACTION), as the typer must see the
 * same documents as every network it is fused with.
 */
export function runsTrainFraction(root: string, runs: string[], requested?: number): number {
  const fractions = runs.map((r) => {
    const record = JSON.parse(readFileSync(join(root, `${r}.json`), "utf8")) as {
      settings?: { trainFraction?: number };
    };
    return record.settings?.trainFraction ?? 1;
  });
  const fraction = fractions[0] ?? 1;
  const other = fractions.findIndex((f) => f !== fraction);
  if (other >= 0)
    throw new Error(
      `${runs[other]}: trained on TRAIN_FRACTION ${fractions[other]}, ${runs[0]} on ${fraction}`,
    );
  if (requested !== undefined && requested !== fraction)
    throw new Error(`TRAIN_FRACTION=${requested}, but the runs were trained with ${fraction}`);
  return fraction;
}

const sameIds = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((x, i) => x === b[i]);

/** The runs' stored scores (`<run>.scores.json` under `root`), refused unless of exactly these pairs, in this order. */
export function loadRunScores(root: string, runs: string[], inputs: DevFusionInputs): RunScores[] {
  const loaded = runs.map(
    (r) => JSON.parse(readFileSync(join(root, `${r}.scores.json`), "utf8")) as RunScores,
  );
  const labels = (loaded[0] as RunScores).labels;
  const devKeys = inputs.devData.pairs.flatMap((ps) =>
    ps.map((p) => `${p.documentId}|${p.head.identifier}|${p.tail.identifier}`),
  );
  for (const [r, run] of loaded.entries()) {
    const pairsMatch =
      run.dev.pairs.length === devKeys.length &&
      run.dev.pairs.every((p, i) => p.join("|") === devKeys[i]);
    if (
      !sameIds(run.heldOut.labelIds, inputs.heldOutPairs.labelIds) ||
      !sameIds(run.dev.labelIds, inputs.devPairs.labelIds) ||
      !pairsMatch
    )
      throw new Error(`${runs[r]}: saved scores are not of this split's held-out / Dev pairs`);
    if (run.labels.join() !== labels.join()) throw new Error(`${runs[r]}: other label space`);
  }
  return loaded;
}

/** One system the drivers fuse and score: a run, or the logit average of all of them. */
export interface FusionSystem {
  label: string;
  seed: number;
  heldOut: PairScores;
  dev: PairScores;
  bestEpoch: number;
  members: string[];
}

/** Each run (its seed and best epoch from `<run>.json`), then their logit average when there are several. */
export function fusionSystems(root: string, runs: string[], loaded: RunScores[]): FusionSystem[] {
  const systems: FusionSystem[] = loaded.map((run, r) => {
    const record = JSON.parse(readFileSync(join(root, `${runs[r]}.json`), "utf8")) as {
      seed: number;
      training: { bestEpoch: number };
    };
    return {
      label: `seed ${record.seed}`,
      seed: record.seed,
      heldOut: pairScores(run.heldOut),
      dev: pairScores(run.dev),
      bestEpoch: record.training.bestEpoch,
      members: [runs[r] as string],
    };
  });
  if (loaded.length > 1)
    systems.push({
      label: `ensemble of ${loaded.length}`,
      seed: 0,
      heldOut: averageScores(loaded.map((r) => pairScores(r.heldOut))),
      dev: averageScores(loaded.map((r) => pairScores(r.dev))),
      bestEpoch: 0,
      members: runs,
    });
  return systems;
}

/** One held-out fold: its data, the typer pairs of its two parts, the fold run's stored slice scores (checked) and labels. */
export function foldFusionInputs(path: string, trainDocuments: BioCDocument[], fold: number) {
  const run = JSON.parse(readFileSync(path, "utf8")) as RunScores;
  const split = foldTrainingData(trainDocuments, fold, MAX_TOKENS);
  const fitPairs = typerPairs(split.fit, split.fitDocuments);
  const slicePairs = typerPairs(split.validation, split.validationDocuments);
  const net = pairScores(run.heldOut);
  // the stored scores must be of exactly this fold's slice pairs, in this order
  if (
    net.numPairs !== slicePairs.labelIds.length ||
    slicePairs.labelIds.some((label, i) => label !== net.labelIds[i])
  )
    throw new Error(`${path}: stored scores are not of fold ${fold}'s held-out pairs`);
  const pairs = split.validation.pairs.flatMap((ps) =>
    ps.map((p): [string, string, string] => [p.documentId, p.head.identifier, p.tail.identifier]),
  );
  return { split, fitPairs, slicePairs, net, pairs, labels: run.labels };
}
