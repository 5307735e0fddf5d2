import { existsSync } from "node:fs";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { UserError } from "../user-error.js";

/** Reads every document of a BioC JSON/XML or PubTator file (format detected by content). */
export async function readDocuments(path: string): Promise<BioCDocument[]> {
  const collection = await readCollection(path);
  if (collection.documents.length === 0) {
    throw new UserError(`${path} has no documents`, "point --data at a corpus file with documents");
  }
  return collection.documents;
}

/** Every document of unlabeled-text files (`--unlabeled`), in order. */
export async function readUnlabeled(files: readonly string[]): Promise<BioCDocument[]> {
  const documents: BioCDocument[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      throw new UserError(
        `--unlabeled file ${file} does not exist`,
        "pass BioC (JSON/XML) or PubTator files of unlabeled text",
      );
    }
    documents.push(...(await readDocuments(file)));
  }
  return documents;
}
