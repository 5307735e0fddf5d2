import { existsSync } from "node:fs";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { ReadWarnings } from "../commands/read-warnings.js";
import type { Output } from "../output.js";
import { UserError } from "../user-error.js";

/**
 * Reads every document of a BioC JSON/XML or PubTator file (format detected
 * by content). With an output, what the lenient read tolerated is printed
 * there as one warning line (without one, bioc-io's process warning says it).
 */
export async function readDocuments(path: string, output?: Output): Promise<BioCDocument[]> {
  const warnings = new ReadWarnings();
  const collection = await readCollection(path, output ? { onWarning: warnings.onWarning } : {});
  if (output) warnings.report(output, path);
  if (collection.documents.length === 0) {
    throw new UserError(`${path} has no documents`, "point --data at a corpus file with documents");
  }
  return collection.documents;
}

/**
 * What `--pretrain-embeddings` / `--unlabeled <files...>` ask for: undefined
 * when neither is given, else every document of the unlabeled files, in order
 * (`--unlabeled` implies pre-training). A missing file is a UserError.
 */
export async function pretrainingInput(
  opts: {
    pretrainEmbeddings?: boolean;
    unlabeled?: string[];
  },
  output?: Output,
): Promise<{ unlabeled: BioCDocument[] } | undefined> {
  const files = opts.unlabeled ?? [];
  if (!opts.pretrainEmbeddings && files.length === 0) return undefined;
  const unlabeled: BioCDocument[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      throw new UserError(
        `--unlabeled file ${file} does not exist`,
        "pass BioC (JSON/XML) or PubTator files of unlabeled text",
      );
    }
    unlabeled.push(...(await readDocuments(file, output)));
  }
  return { unlabeled };
}
