export { trainWordVectors } from "./word2vec.js";
export type { WordVectorMethod, WordVectorOptions, WordVectorProgress } from "./word2vec.js";
export { initializeTokenEmbeddings, TOKEN_EMBEDDING_PARAM } from "./initialize.js";
export type { InitializeEmbeddingsOptions, InitializeEmbeddingsResult } from "./initialize.js";
export { encodeUnlabeledSentences } from "./corpus.js";
export { cosineSimilarity, nearestNeighbours } from "./similarity.js";
export type { Neighbour } from "./similarity.js";
export { PretrainingError } from "./errors.js";
export type { PretrainingErrorCode } from "./errors.js";
