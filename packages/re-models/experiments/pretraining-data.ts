// Shared by the pre-training experiment scripts: BioRED Train split exactly as
// experiments/biored.ts does it (same held-out slice, same tokenizer), and the
// unlabeled text for word2vec (BC6PM triage abstracts + BioRED Train minus the
// held-out slice; never BioRED Dev).
import { join } from "node:path";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { type RelationDataset, buildDataset } from "@biore/relation-dataset";
import { corpusDir, dataFile, haveData } from "@biore/test-data";
import { splitHeldOut } from "@biore/relation-dataset";
import {
  BIORED_TOKENIZER,
  HELD_OUT_FRACTION,
  HELD_OUT_SEED,
  type RunSettings,
} from "./settings.js";

export const trainFile = dataFile("biored", "Train.BioC.XML");
export const devFile = dataFile("biored", "Dev.BioC.XML");
/** BC6PM triage sets (5.5k abstracts, no labels used); folder from BC6PM_DIR or ../shared/data/bc6pm. */
export const bc6pmFiles = ["PMtask_Triage_TrainingSet.json", "PMtask_Triage_TestSet.json"].map(
  (f) => join(corpusDir("bc6pm"), f),
);

/** BioRED Train minus the held-out slice, the held-out slice, and the training dataset (tokenizer). */
export async function bioredTrain(settings: RunSettings): Promise<{
  trainDocuments: BioCDocument[];
  heldOutDocuments: BioCDocument[];
  dataset: RelationDataset;
}> {
  if (!haveData(trainFile, devFile)) process.exit(1);
  const trainDocs = (await readCollection(trainFile)).documents;
  const split = splitHeldOut(trainDocs, HELD_OUT_FRACTION, HELD_OUT_SEED);
  const dataset = buildDataset(split.train, {
    pairFilter: "seen-type-pairs",
    tokenizerOptions: BIORED_TOKENIZER,
    maxTokens: settings.maxTokens,
  });
  return { trainDocuments: split.train, heldOutDocuments: split.heldOut, dataset };
}

/** BC6PM relation sets and the CDR training and development sets: more unlabeled text (their labels unused). */
export const extraUnlabeledFiles = [
  ...["PMtask_Relations_TrainingSet.json", "PMtask_Relations_TestSet.json"].map((f) =>
    join(corpusDir("bc6pm"), f),
  ),
  ...["CDR_TrainingSet.BioC.xml", "CDR_DevelopmentSet.BioC.xml"].map((f) =>
    join(corpusDir("cdr"), f),
  ),
];

/**
 * Unlabeled documents for pre-training: BC6PM triage (and with `extra`, BC6PM relations and
 * CDR train + dev), minus any Dev PMID and duplicates, then BioRED Train (minus held-out).
 * `exclude`: further ids to leave out (the held-out slice of Train, kept for selection).
 */
export async function unlabeledDocuments(
  trainDocuments: readonly BioCDocument[],
  options: { extra?: boolean; exclude?: Iterable<string> } = {},
): Promise<{ documents: BioCDocument[]; droppedAsDev: number }> {
  const files = options.extra ? [...bc6pmFiles, ...extraUnlabeledFiles] : bc6pmFiles;
  if (!haveData(...files, devFile)) process.exit(1);
  // Dev is read for its document ids only, so no Dev abstract slips in through BC6PM.
  const devIds = new Set((await readCollection(devFile)).documents.map((d) => d.id));
  const seen = new Set([...trainDocuments.map((d) => d.id), ...(options.exclude ?? [])]);
  const documents: BioCDocument[] = [];
  let droppedAsDev = 0;
  for (const file of files) {
    for (const document of (await readCollection(file)).documents) {
      if (devIds.has(document.id)) droppedAsDev++;
      else if (!seen.has(document.id)) {
        seen.add(document.id);
        documents.push(document);
      }
    }
  }
  return { documents: [...documents, ...trainDocuments], droppedAsDev };
}
