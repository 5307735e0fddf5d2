// Test-only helpers (not part of the public API): locate a corpus file and read
// it at most once per test file, so suites that look at the same corpus from
// several angles do not parse it again and again.
import { dataFile, haveData } from "@biore/test-data";
import type { BioCCollection } from "../model.js";
import { readCollection } from "../read.js";

/** Corpus folders under ../shared/data. */
export type Corpus = "biored" | "cdr" | "bc6pm" | "fixtures";

const cache = new Map<string, Promise<BioCCollection>>();

/** The collection in a corpus file, or undefined (with a visible skip) when the corpus is absent. */
export async function corpusCollection(
  corpus: Corpus,
  file: string,
): Promise<BioCCollection | undefined> {
  const path = dataFile(corpus, file);
  if (!haveData(path)) return undefined;
  let pending = cache.get(path);
  if (!pending) {
    pending = readCollection(path);
    cache.set(path, pending);
  }
  return pending;
}
