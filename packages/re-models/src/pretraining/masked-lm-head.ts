import { gatherRows } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import type { BatchTensors } from "../model/batch-inputs.js";
import { dense } from "../model/ops.js";
import type { TokenEncoder } from "../model/token-encoder.js";
import { deriveSeed } from "../random.js";
import { TOKEN_EMBEDDING_PARAM } from "./initialize.js";

/**
 * The masked-token output layer, used only while pre-training (never saved with the encoder):
 * a linear map of the token state to the embedding width, then a softmax over the vocabulary
 * whose weights are the encoder's own token-embedding table (tied, as in BERT) plus a bias.
 */
export const MLM_HEAD_PARAMS = {
  kernel: "mlm/transform_kernel",
  bias: "mlm/transform_bias",
  outputBias: "mlm/output_bias",
} as const;

/** Creates the head's variables for a config (seeded from the model's seed). */
export function createMaskedLmHead(config: ModelConfig): Map<string, tf.Variable> {
  const h = config.hiddenDim;
  const e = config.embeddingDim;
  const limit = Math.sqrt(6 / (h + e));
  const initial: [string, tf.Tensor][] = [
    [
      MLM_HEAD_PARAMS.kernel,
      tf.randomUniform([h, e], -limit, limit, "float32", deriveSeed(config.seed, 901)),
    ],
    [MLM_HEAD_PARAMS.bias, tf.zeros([e])],
    [MLM_HEAD_PARAMS.outputBias, tf.zeros([config.vocabSize])],
  ];
  const head = new Map(
    initial.map(([name, value]) => [name, tf.variable(value, true, undefined, "float32")]),
  );
  tf.dispose(initial.map(([, value]) => value));
  return head;
}

/** What one masked-token step computes; `predicted` is kept out of the gradient tape's disposal. */
export interface MaskedLmOutput {
  /** Mean cross-entropy over the batch's targets. */
  loss: tf.Scalar;
  /** [N] arg-max id at each target (`tf.keep`-ed: the caller disposes it). */
  predicted: tf.Tensor1D;
}

/**
 * Cross-entropy of predicting `targets` at the flat positions `rows` (batch row * T + token)
 * of the encoder's token states. Call inside `tf.variableGrads` / `tf.tidy`.
 */
export function maskedLmLoss(
  encoder: TokenEncoder,
  param: (name: string) => tf.Tensor,
  batch: BatchTensors,
  rows: Int32Array,
  targets: Int32Array,
): MaskedLmOutput {
  const { batchSize: b, maxTokens: t } = batch.arrays;
  const states = encoder.encode(param, batch, undefined);
  const flat = tf.reshape(states, [b * t, encoder.width]) as tf.Tensor2D;
  const picked = gatherRows(flat, tf.tensor1d(rows, "int32"));
  const transformed = dense(picked, param(MLM_HEAD_PARAMS.kernel), param(MLM_HEAD_PARAMS.bias));
  const table = param(TOKEN_EMBEDDING_PARAM) as tf.Tensor2D;
  const logits = tf.add(
    tf.matMul(transformed, table, false, true),
    param(MLM_HEAD_PARAMS.outputBias),
  ) as tf.Tensor2D;
  const vocab = logits.shape[1];
  const oneHot = tf.oneHot(tf.tensor1d(targets, "int32"), vocab);
  const loss = tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  const predicted = tf.keep(tf.argMax(logits, 1) as tf.Tensor1D);
  return { loss, predicted };
}
