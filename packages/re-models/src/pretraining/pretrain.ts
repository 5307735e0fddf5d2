import type { BioCDocument } from "@biore/bioc-io";
import { PAD_ID, UNK_ID } from "@biore/relation-dataset";
import type { RelationModel } from "../model/relation-model.js";
import { encodeUnlabeledSentences } from "./corpus.js";
import { PretrainingError } from "./errors.js";
import { type InitializeEmbeddingsResult, initializeTokenEmbeddings } from "./initialize.js";
import { type WordVectorOptions, trainWordVectors } from "./word2vec.js";

/** Options of {@link pretrainTokenEmbeddings}: word2vec settings, all optional. */
export type PretrainOptions = Partial<Omit<WordVectorOptions, "vocabSize" | "dim" | "skipIds">>;

/** What {@link pretrainTokenEmbeddings} read and did. */
export interface PretrainResult extends InitializeEmbeddingsResult {
  sentences: number;
  tokens: number;
  /** The word2vec settings used (defaults filled in). */
  options: Omit<WordVectorOptions, "onProgress" | "skipIds">;
}

/**
 * Trains word2vec on unlabeled BioC text with the model's own tokenizer and
 * copies the vectors into its token embeddings (see `initializeTokenEmbeddings`).
 * Defaults: skip-gram, window 5, 5 negatives, 2 epochs, minCount 2, sample 1e-3,
 * the model's seed — the settings of the word2vec experiment in experiments/README.md.
 * Throws `NO_TOKENIZER` for a model built without one and `EMPTY_CORPUS` when the documents have no words.
 */
export async function pretrainTokenEmbeddings(
  model: RelationModel,
  documents: Iterable<BioCDocument> | AsyncIterable<BioCDocument>,
  options: PretrainOptions = {},
): Promise<PretrainResult> {
  const tokenizer = model.preprocessing.tokenizer;
  if (!tokenizer) {
    throw new PretrainingError(
      "NO_TOKENIZER",
      "the model has no tokenizer (build it with createModelForDataset or pass one to createModel)",
      "tokenizer",
    );
  }
  const sentences = await encodeUnlabeledSentences(documents, tokenizer);
  const tokens = sentences.reduce((sum, s) => sum + s.length, 0);
  if (tokens === 0)
    throw new PretrainingError("EMPTY_CORPUS", "the documents hold no words to pre-train on");
  const method = options.method ?? "skipgram";
  const settings = {
    method,
    window: options.window ?? 5,
    negative: options.negative ?? 5,
    epochs: options.epochs ?? 2,
    minCount: options.minCount ?? 2,
    subsample: options.subsample ?? 1e-3,
    learningRate: options.learningRate ?? (method === "cbow" ? 0.05 : 0.025),
    seed: options.seed ?? model.config.seed,
    vocabSize: tokenizer.vocabSize,
    dim: model.config.embeddingDim,
  };
  const vectors = trainWordVectors(sentences, {
    ...settings,
    skipIds: [PAD_ID, UNK_ID],
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const result = initializeTokenEmbeddings(model, vectors);
  return { ...result, sentences: sentences.length, tokens, options: settings };
}
