import type { BioCDocument } from "@biore/bioc-io";
import { InvalidArgumentError } from "commander";
import { statSync } from "node:fs";
import { type SplitName, discoverSplits, resolveSplit } from "../data/splits.js";
import { UserError } from "../user-error.js";
import type { Output } from "../output.js";
import { type KeptOut, keptOut, readDocuments } from "./corpus.js";

const SPLITS: readonly SplitName[] = ["train", "dev", "test"];

/** Parses `--train-splits train,dev`: known split names, each once. */
export function parseTrainSplits(value: string): SplitName[] {
  const names = value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new InvalidArgumentError("expected e.g. train or train,dev");
  for (const name of names) {
    if (!SPLITS.includes(name as SplitName))
      throw new InvalidArgumentError(`unknown split "${name}"; expected train, dev or test`);
  }
  if (new Set(names).size !== names.length)
    throw new InvalidArgumentError(`a split is named twice in "${value}"`);
  return names as SplitName[];
}

/**
 * Every document of the named splits of the corpus, in order (a held-out
 * slice of them is still kept back for model selection by the trainer's caller).
 * Refuses two splits that resolve to one file, and a document id found twice.
 */
export async function readTrainingSplits(
  data: string,
  splits: readonly SplitName[],
  output?: Output,
): Promise<{ documents: BioCDocument[]; files: string[] }> {
  const files = splits.map((split) => resolveSplit(data, split).path);
  if (new Set(files).size !== files.length) {
    throw new UserError(
      `--train-splits ${splits.join(",")} name the same file twice (${files.join(", ")})`,
      "point --data at a corpus folder with one file per split",
    );
  }
  const documents: BioCDocument[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const doc of await readDocuments(file, output)) {
      const earlier = seen.get(doc.id);
      if (earlier !== undefined) {
        throw new UserError(
          `document ${doc.id} is in both ${earlier} and ${file}`,
          "training splits must not overlap",
          { where: `${file}: document ${doc.id}` },
        );
      }
      seen.set(doc.id, file);
      documents.push(doc);
    }
  }
  return { documents, files };
}

/**
 * The splits of a corpus folder that are not trained on (a Dev or Test file beside Train), as
 * documents the pre-training text must leave out: a model is evaluated on them later. Nothing
 * when `data` is one file.
 */
export async function untrainedSplits(
  data: string,
  trained: readonly SplitName[],
  output?: Output,
): Promise<KeptOut[]> {
  if (!statSync(data).isDirectory()) return [];
  const found = discoverSplits(data);
  const kept: KeptOut[] = [];
  for (const split of SPLITS) {
    const file = found[split];
    if (file && !trained.includes(split))
      kept.push(keptOut(await readDocuments(file.path, output), `the ${split} split`));
  }
  return kept;
}
