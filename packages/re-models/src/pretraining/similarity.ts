/** Cosine similarity, nearest neighbours and row tests over row-major `[vocabSize * dim]` vectors. */

/** Whether row `id` is all zeros (a row word2vec never trained, or one left unset). */
export function isZeroRow(vectors: Float32Array, id: number, dim: number): boolean {
  for (let k = 0; k < dim; k++) if (vectors[id * dim + k] !== 0) return false;
  return true;
}

/** Cosine similarity of rows `a` and `b` (0 when either row is all zeros). */
export function cosineSimilarity(vectors: Float32Array, dim: number, a: number, b: number): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let k = 0; k < dim; k++) {
    const x = vectors[a * dim + k] as number;
    const y = vectors[b * dim + k] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : 0;
}

/** One neighbour of a query row. */
export interface Neighbour {
  id: number;
  similarity: number;
}

/** The `k` rows most cosine-similar to row `id` (itself and zero rows excluded), best first. */
export function nearestNeighbours(
  vectors: Float32Array,
  dim: number,
  id: number,
  k: number,
): Neighbour[] {
  const rows = Math.floor(vectors.length / dim);
  const all: Neighbour[] = [];
  for (let other = 0; other < rows; other++) {
    if (other === id) continue;
    const similarity = cosineSimilarity(vectors, dim, id, other);
    if (similarity !== 0) all.push({ id: other, similarity });
  }
  return all.sort((x, y) => y.similarity - x.similarity || x.id - y.id).slice(0, k);
}
