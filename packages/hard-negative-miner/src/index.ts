export { cosineSimilarityMatrix } from "./distances/cosine-similarity.js";
