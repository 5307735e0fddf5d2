import * as tf from "@tensorflow/tfjs-core";

/**
 * Cosine similarity between every row of `a` [N, D] and every row of `b` [M, D]:
 * an [N, M] matrix where larger means closer.
 */
export function cosineSimilarityMatrix(a: tf.Tensor2D, b: tf.Tensor2D = a): tf.Tensor2D {
  return tf.tidy(() => {
    const eps = 1e-12;
    const an = tf.div(a, tf.maximum(tf.norm(a, "euclidean", 1, true), eps));
    const bn = tf.div(b, tf.maximum(tf.norm(b, "euclidean", 1, true), eps));
    return tf.matMul(an, bn, false, true) as tf.Tensor2D;
  });
}
