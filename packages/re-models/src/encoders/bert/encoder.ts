import * as tf from "@tensorflow/tfjs-core";
import { gatherRows, maybeDropout } from "../../model/ops.js";
import type { BertConfig } from "./config.js";
import { BERT_PARAM_PREFIX } from "./weights.js";

/** Looks a BERT parameter up by its name (see `bertParamSpecs`). */
export type BertParams = (name: string) => tf.Tensor;

/** Dropout of one training step; absent at inference. */
export interface BertDropout {
  /** Seed of this step's masks (one derived seed per site). */
  seed: number;
  /** Rates; default to the checkpoint's `hidden_dropout_prob` / `attention_probs_dropout_prob`. */
  hidden?: number;
  attention?: number;
}

/** Layer normalization over the last axis with the checkpoint's epsilon. */
function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta);
}

/** GELU in its exact erf form, as Hugging Face's `gelu`: x * Φ(x). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

function linear(x: tf.Tensor2D, params: BertParams, name: string): tf.Tensor2D {
  return tf.add(
    tf.matMul(x, params(`${name}_kernel`) as tf.Tensor2D),
    params(`${name}_bias`),
  ) as tf.Tensor2D;
}

/**
 * BERT's last hidden states for N sequences of W wordpieces (each already with its own
 * [CLS]/[SEP]): embeddings (word + absolute position + token type 0) -> LayerNorm ->
 * `numLayers` post-LN transformer layers, exactly as Hugging Face's `BertModel`.
 * `ids` is int32 [N, W]; `mask` float32 [N, W] (1 = real wordpiece, 0 = padding).
 * Returns [N, W, H]. Call inside `tf.tidy` or a gradient function.
 */
export function bertHiddenStates(
  params: BertParams,
  config: BertConfig,
  ids: tf.Tensor2D,
  mask: tf.Tensor2D,
  dropout?: BertDropout,
): tf.Tensor3D {
  const [n, w] = ids.shape;
  const h = config.hiddenSize;
  if (w > config.maxPositions) {
    throw new RangeError(
      `${w} wordpieces per sequence; the checkpoint has ${config.maxPositions} positions`,
    );
  }
  const p = BERT_PARAM_PREFIX;
  const hiddenRate = dropout?.hidden ?? config.hiddenDropout;
  const attentionRate = dropout?.attention ?? config.attentionDropout;
  let site = 0;
  const drop = (x: tf.Tensor, rate: number) =>
    maybeDropout(x, rate, dropout === undefined ? undefined : dropout.seed * 1009 + site++);

  const words = gatherRows(
    params(`${p}embeddings/word`) as tf.Tensor2D,
    tf.reshape(ids, [n * w]) as tf.Tensor1D,
  );
  const positions = tf.slice(params(`${p}embeddings/position`), [0, 0], [w, h]);
  const tokenType = tf.slice(params(`${p}embeddings/token_type`), [0, 0], [1, h]);
  const embedded = tf.add(tf.reshape(words, [n, w, h]), tf.add(positions, tokenType));
  let x = drop(
    layerNorm(
      embedded,
      params(`${p}embeddings/norm_gamma`),
      params(`${p}embeddings/norm_beta`),
      config.layerNormEps,
    ),
    hiddenRate,
  ) as tf.Tensor3D;

  const heads = config.numHeads;
  const d = h / heads;
  // Masked keys get a large negative score, so their softmax weight is exactly 0.
  const keyBias = tf.reshape(tf.mul(tf.sub(1, mask), -1e9), [n, 1, 1, w]);
  const split = (t: tf.Tensor2D) =>
    tf.transpose(tf.reshape(t, [n, w, heads, d]), [0, 2, 1, 3]) as tf.Tensor4D;
  for (let i = 0; i < config.numLayers; i++) {
    const l = `${p}layer_${i}/`;
    const flat = tf.reshape(x, [n * w, h]) as tf.Tensor2D;
    const q = split(linear(flat, params, `${l}attention/query`));
    const k = split(linear(flat, params, `${l}attention/key`));
    const v = split(linear(flat, params, `${l}attention/value`));
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d)), keyBias);
    const probs = drop(tf.softmax(scores), attentionRate) as tf.Tensor4D;
    const context = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [
      n * w,
      h,
    ]) as tf.Tensor2D;
    const attended = drop(linear(context, params, `${l}attention/output`), hiddenRate);
    const afterAttention = layerNorm(
      tf.add(flat, attended),
      params(`${l}attention/norm_gamma`),
      params(`${l}attention/norm_beta`),
      config.layerNormEps,
    ) as tf.Tensor2D;
    const inner = gelu(linear(afterAttention, params, `${l}ffn/in`)) as tf.Tensor2D;
    const ffn = drop(linear(inner, params, `${l}ffn/out`), hiddenRate);
    x = tf.reshape(
      layerNorm(
        tf.add(afterAttention, ffn),
        params(`${l}ffn/norm_gamma`),
        params(`${l}ffn/norm_beta`),
        config.layerNormEps,
      ),
      [n, w, h],
    ) as tf.Tensor3D;
  }
  return x;
}
