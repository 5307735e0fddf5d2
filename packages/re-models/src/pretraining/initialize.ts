import { PAD_ID, UNK_ID } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import type { RelationModel } from "../model/relation-model.js";
import { PretrainingError } from "./errors.js";
import { isZeroRow } from "./similarity.js";

/** Name of the model parameter that holds the `[vocabSize, embeddingDim]` token table. */
export const TOKEN_EMBEDDING_PARAM = "embedding/tokens";

/** Options of {@link initializeTokenEmbeddings}. */
export interface InitializeEmbeddingsOptions {
  /** Width of the given vectors (default: the model's `embeddingDim`, i.e. it must match). */
  dim?: number;
  /** Rows left as the model has them (default `[PAD_ID, UNK_ID]`). All-zero vector rows are always left. */
  keepIds?: Iterable<number>;
}

/** What {@link initializeTokenEmbeddings} did. */
export interface InitializeEmbeddingsResult {
  /** Rows overwritten with (scaled) pre-trained vectors. */
  rowsInitialized: number;
  /** Rows left at the model's own initialization (special ids and untrained, all-zero rows). */
  rowsKept: number;
  /** Factor applied to the vectors so their RMS equals that of the rows they replace. */
  scale: number;
}

/**
 * Copies pre-trained vectors (`[vocabSize * dim]`, e.g. from `trainWordVectors`) into the
 * model's token-embedding table, rescaled to the RMS of the model's own initialization so the
 * layers above see inputs of the size they were initialized for. Special ids and all-zero
 * (never trained) rows keep their values. Throws `DIM_MISMATCH` / `VOCAB_MISMATCH`.
 */
export function initializeTokenEmbeddings(
  model: RelationModel,
  vectors: Float32Array,
  options: InitializeEmbeddingsOptions = {},
): InitializeEmbeddingsResult {
  const table = model.params.get(TOKEN_EMBEDDING_PARAM);
  if (!table)
    throw new PretrainingError(
      "NO_TOKEN_EMBEDDING",
      "model has no token-embedding parameter",
      TOKEN_EMBEDDING_PARAM,
    );
  const [vocabSize, width] = table.shape as [number, number];
  const dim = options.dim ?? width;
  if (dim !== width)
    throw new PretrainingError(
      "DIM_MISMATCH",
      `vectors have width ${dim}, the model's token embeddings ${width}`,
      TOKEN_EMBEDDING_PARAM,
    );
  if (vectors.length !== vocabSize * dim)
    throw new PretrainingError(
      "VOCAB_MISMATCH",
      `vectors hold ${vectors.length / dim} rows of width ${dim}, the model's vocabulary has ${vocabSize}`,
      TOKEN_EMBEDDING_PARAM,
    );

  const keep = new Set(options.keepIds ?? [PAD_ID, UNK_ID]);
  const replaced: number[] = [];
  for (let id = 0; id < vocabSize; id++)
    if (!keep.has(id) && !isZeroRow(vectors, id, dim)) replaced.push(id);

  const values = new Float32Array(table.dataSync());
  const scale = rms(values, replaced, dim) / Math.max(rms(vectors, replaced, dim), 1e-12);
  for (const id of replaced)
    for (let k = 0; k < dim; k++) values[id * dim + k] = (vectors[id * dim + k] as number) * scale;
  const next = tf.tensor2d(values, [vocabSize, dim], "float32");
  table.assign(next);
  next.dispose();
  return { rowsInitialized: replaced.length, rowsKept: vocabSize - replaced.length, scale };
}

function rms(values: Float32Array, rows: readonly number[], dim: number): number {
  let sum = 0;
  for (const id of rows)
    for (let k = 0; k < dim; k++) {
      const v = values[id * dim + k] as number;
      sum += v * v;
    }
  return rows.length > 0 ? Math.sqrt(sum / (rows.length * dim)) : 0;
}
