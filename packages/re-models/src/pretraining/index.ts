export { trainWordVectors } from "./word2vec.js";
export type { WordVectorMethod, WordVectorOptions, WordVectorProgress } from "./word2vec.js";
export { initializeTokenEmbeddings, TOKEN_EMBEDDING_PARAM } from "./initialize.js";
export type { InitializeEmbeddingsOptions, InitializeEmbeddingsResult } from "./initialize.js";
export { encodeUnlabeledSentences } from "./corpus.js";
export { cosineSimilarity, nearestNeighbours } from "./similarity.js";
export type { Neighbour } from "./similarity.js";
export { PretrainingError } from "./errors.js";
export type { PretrainingErrorCode } from "./errors.js";
export { pretrainTokenEmbeddings } from "./pretrain.js";
export type { PretrainOptions, PretrainResult } from "./pretrain.js";
export { encodeUnlabeledDocuments } from "./corpus.js";
export type { UnlabeledSequence } from "./corpus.js";
export { MASK_ID, maskTokens } from "./masking.js";
export type { MaskOptions, MaskedSequence } from "./masking.js";
export { pretrainTokenEncoder } from "./masked-lm.js";
export type { MaskedLmOptions, MaskedLmRecord, MaskedLmResult } from "./masked-lm.js";
export {
  TOKEN_ENCODER_FORMAT,
  initializeTokenEncoder,
  loadTokenEncoderWeights,
  saveTokenEncoder,
  tokenEncoderWeights,
  vocabularyFingerprint,
} from "./encoder-weights.js";
export type { InitializeEncoderOptions, TokenEncoderWeights } from "./encoder-weights.js";
