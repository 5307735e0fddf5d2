import { residualConvStack } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import type { BatchTensors } from "./batch-inputs.js";
import { dense, dilatedConv3, gatherRows, residualLayerNorm } from "./ops.js";
import type { ParamSpec } from "./params.js";
import type { TokenEncoder } from "./token-encoder.js";

/**
 * The built-in token encoder, trained from scratch: word + entity-type embeddings +
 * position codes projected to `hiddenDim`, then residual dilated convolutions.
 */
export function convTokenEncoder(config: ModelConfig): TokenEncoder {
  return {
    width: config.hiddenDim,
    paramSpecs: () => convParamSpecs(config),
    encode: (w, batch) => convTokenStates(config, w, batch),
  };
}

function convParamSpecs(config: ModelConfig): ParamSpec[] {
  const e = config.embeddingDim;
  const h = config.hiddenDim;
  const specs: ParamSpec[] = [
    { name: "embedding/tokens", shape: [config.vocabSize, e], init: "embedding" },
    { name: "embedding/entity_types", shape: [config.numEntityTypes, e], init: "embedding" },
    { name: "input/kernel", shape: [e, h], init: "glorot" },
    { name: "input/bias", shape: [h], init: "zeros" },
  ];
  config.dilations.forEach((_, i) => {
    if (config.separable)
      specs.push({ name: `context_${i}/depthwise`, shape: [3, h], init: "depthwise" });
    specs.push(
      {
        name: `context_${i}/kernel`,
        shape: config.separable ? [h, h] : [h, 3 * h],
        init: "glorot",
      },
      { name: `context_${i}/bias`, shape: [h], init: "zeros" },
      { name: `context_${i}/norm_gamma`, shape: [h], init: "ones" },
      { name: `context_${i}/norm_beta`, shape: [h], init: "zeros" },
    );
  });
  return specs;
}

function convTokenStates(
  config: ModelConfig,
  w: (name: string) => tf.Tensor,
  batch: BatchTensors,
): tf.Tensor3D {
  const { batchSize: b, maxTokens: t } = batch.arrays;
  const h = config.hiddenDim;
  // Tokens: word + entity-type embeddings + position codes, projected to the hidden width.
  const words = gatherRows(w("embedding/tokens") as tf.Tensor2D, batch.tokenIds);
  const types = gatherRows(w("embedding/entity_types") as tf.Tensor2D, batch.entityTypes);
  const embedded = tf.add(
    tf.reshape(tf.add(words, types), [b, t, config.embeddingDim]),
    batch.positions,
  );

  // Context: residual dilated convolutions, padding kept at zero. (Dropout is
  // applied at concept and pair level only: token-level masks cost more than
  // the layers themselves on the cpu backend.)
  if (config.separable) {
    // the input projection (dense + relu, masked), then per block depthwise, pointwise + relu,
    // residual layer norm: one onnxruntime graph in inference
    const blocks = config.dilations.map((dilation, i) => ({
      depthwise: w(`context_${i}/depthwise`),
      dilation,
      kernel: w(`context_${i}/kernel`),
      bias: w(`context_${i}/bias`),
      gamma: w(`context_${i}/norm_gamma`),
      beta: w(`context_${i}/norm_beta`),
    }));
    const projection = { kernel: w("input/kernel"), bias: w("input/bias") };
    return residualConvStack(embedded as tf.Tensor3D, blocks, batch.tokenMask, 1e-5, projection);
  }
  const flat = tf.reshape(embedded, [b * t, config.embeddingDim]) as tf.Tensor2D;
  let x = tf.mul(
    tf.reshape(dense(flat, w("input/kernel"), w("input/bias"), "relu"), [b, t, h]),
    batch.tokenMask,
  ) as tf.Tensor3D;
  config.dilations.forEach((dilation, i) => {
    const conv = tf.relu(
      dilatedConv3(x, w(`context_${i}/kernel`), w(`context_${i}/bias`), dilation),
    ) as tf.Tensor3D;
    x = residualLayerNorm(
      x,
      conv,
      w(`context_${i}/norm_gamma`),
      w(`context_${i}/norm_beta`),
      batch.tokenMask,
    ) as tf.Tensor3D;
  });
  return x;
}
