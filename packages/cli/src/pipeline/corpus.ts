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

/** Documents the pre-training text must not hold: their ids, and what they are (for the message). */
export interface KeptOut {
  ids: ReadonlySet<string>;
  what: string;
}

/**
 * What `--pretrain-embeddings` / `--unlabeled <files...>` ask for: undefined
 * when neither is given, else the documents of the unlabeled files, in order
 * (`--unlabeled` implies pre-training). A missing file is a UserError. A
 * document whose id is in one of `keepOut` (the evaluation split: word2vec
 * must not read its text; the training documents: already in) is left out,
 * and one line says how many and why, so nothing goes missing unannounced.
 */
export async function pretrainingInput(
  opts: {
    pretrainEmbeddings?: boolean;
    unlabeled?: string[];
  },
  output?: Output,
  keepOut: readonly KeptOut[] = [],
): Promise<{ unlabeled: BioCDocument[] } | undefined> {
  const files = opts.unlabeled ?? [];
  if (!opts.pretrainEmbeddings && files.length === 0) return undefined;
  const unlabeled: BioCDocument[] = [];
  const left = keepOut.map(() => 0);
  for (const file of files) {
    if (!existsSync(file)) {
      throw new UserError(
        `--unlabeled file ${file} does not exist`,
        "pass BioC (JSON/XML) or PubTator files of unlabeled text",
      );
    }
    for (const document of await readDocuments(file, output)) {
      const i = keepOut.findIndex((k) => k.ids.has(document.id));
      if (i < 0) unlabeled.push(document);
      else left[i] = (left[i] ?? 0) + 1;
    }
  }
  const reasons = keepOut.flatMap((k, i) => (left[i] ? [`${left[i]} in ${k.what}`] : []));
  if (reasons.length > 0) {
    output?.err(
      `pre-training: left out ${reasons.join(", ")} of the --unlabeled documents (by document id); ${unlabeled.length} kept`,
    );
  }
  return { unlabeled };
}

/** The ids of `documents`, as a {@link KeptOut} entry. */
export function keptOut(documents: readonly BioCDocument[], what: string): KeptOut {
  return { ids: new Set(documents.map((d) => d.id)), what };
}
