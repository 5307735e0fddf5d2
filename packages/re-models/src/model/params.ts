import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import { deriveSeed } from "../random.js";
import { LOCAL_PARAMS, LOCAL_RELATIVE_CLASSES } from "./local-pairs.js";
import { pairAttentionSpecs } from "./pair-attention.js";
import { tokenEncoderOf } from "./token-encoder.js";
import { NUM_TRIGGER_CLASSES, TRIGGER_PARAMS } from "./trigger-lexicon.js";

/** How a parameter starts: Glorot-uniform matrix, small-normal embedding, zeros or ones. */
type Init = "glorot" | "embedding" | "zeros" | "ones" | "depthwise";

/** Name, shape and initialization of one parameter. */
export interface ParamSpec {
  name: string;
  shape: number[];
  init: Init;
  /** False for a frozen parameter (e.g. lower layers of a pretrained encoder); default true. */
  trainable?: boolean;
}

/** Parameters that only the contrastive objective trains. */
export const PROJECTION_PREFIX = "projection/";

/** The type mask: a constant set from the training data, saved with the weights, never trained. */
export const TYPE_MASK_PARAM = "relation/type_mask";

/** Hashed-bigram buckets of the lexical path (bucket 0 = no bigram). */
export const LEXICAL_BIGRAM_BUCKETS = 1 << 14;

/** The full, ordered list of parameters a config implies. */
export function paramSpecs(config: ModelConfig): ParamSpec[] {
  const h = config.hiddenDim;
  const nt = config.numEntityTypes;
  const contexts = (config.pairContext ? 1 : 0) + (config.betweenContext ? 1 : 0);
  const pairIn = (4 + contexts) * h + config.numPairFeatures + config.typePairDim;
  // The token encoder's own parameters first (the built-in conv one's, or e.g. BERT's).
  const specs: ParamSpec[] = tokenEncoderOf(config).paramSpecs();
  specs.push(
    { name: "pair/type_pair_embedding", shape: [nt * nt, config.typePairDim], init: "embedding" },
    { name: "pair/hidden_kernel", shape: [pairIn, config.pairHiddenDim], init: "glorot" },
    { name: "pair/hidden_bias", shape: [config.pairHiddenDim], init: "zeros" },
    {
      name: "pair/out_kernel",
      shape: [config.pairHiddenDim, config.pairEmbeddingDim],
      init: "glorot",
    },
    { name: "pair/out_bias", shape: [config.pairEmbeddingDim], init: "zeros" },
    { name: "relation/kernel", shape: [config.pairEmbeddingDim, config.numLabels], init: "glorot" },
    { name: "relation/bias", shape: [config.numLabels], init: "zeros" },
    { name: "novelty/kernel", shape: [config.pairEmbeddingDim, 1], init: "glorot" },
    { name: "novelty/bias", shape: [1], init: "zeros" },
    {
      name: `${PROJECTION_PREFIX}hidden_kernel`,
      shape: [config.pairEmbeddingDim, config.pairEmbeddingDim],
      init: "glorot",
    },
    { name: `${PROJECTION_PREFIX}hidden_bias`, shape: [config.pairEmbeddingDim], init: "zeros" },
    {
      name: `${PROJECTION_PREFIX}out_kernel`,
      shape: [config.pairEmbeddingDim, config.projectionDim],
      init: "glorot",
    },
    { name: `${PROJECTION_PREFIX}out_bias`, shape: [config.projectionDim], init: "zeros" },
  );
  // after every older parameter, so models without these keep their seeded initial values
  if (config.typeMask)
    specs.push({ name: TYPE_MASK_PARAM, shape: [nt * nt, config.numLabels], init: "zeros" });
  if (config.lexical) {
    const l = config.numLabels;
    specs.push(
      { name: "lexical/between_kernel", shape: [config.vocabSize, l], init: "zeros" },
      { name: "lexical/bigram_kernel", shape: [LEXICAL_BIGRAM_BUCKETS, l], init: "zeros" },
      { name: "lexical/sentence_kernel", shape: [config.vocabSize, l], init: "zeros" },
    );
  }
  if (config.localPairs) {
    const local = LOCAL_PARAMS;
    specs.push(
      { name: local.hiddenKernel, shape: [3 * h, config.pairHiddenDim], init: "glorot" },
      { name: local.hiddenBias, shape: [config.pairHiddenDim], init: "zeros" },
      {
        name: local.relative,
        shape: [LOCAL_RELATIVE_CLASSES, config.pairHiddenDim],
        init: "embedding",
      },
      { name: local.outKernel, shape: [config.pairHiddenDim, config.numLabels], init: "glorot" },
      { name: local.outBias, shape: [config.numLabels], init: "zeros" },
    );
  }
  if (config.triggerLexicon) {
    const k = NUM_TRIGGER_CLASSES;
    specs.push(
      // a constant set from the tokenizer's vocabulary: never trained
      {
        name: TRIGGER_PARAMS.lexicon,
        shape: [config.vocabSize, k],
        init: "zeros",
        trainable: false,
      },
      { name: TRIGGER_PARAMS.kernel, shape: [2 * k, config.numLabels], init: "zeros" },
    );
  }
  if (config.conceptGate)
    specs.push(
      { name: CONCEPT_PARAMS.kernel, shape: [h, 1], init: "glorot" },
      { name: CONCEPT_PARAMS.bias, shape: [1], init: "zeros" },
    );
  if (config.pairInteraction) {
    const d = config.pairEmbeddingDim;
    specs.push(
      { name: PAIR_INTERACTION_PARAMS.kernel, shape: [3 * d, d], init: "glorot" },
      { name: PAIR_INTERACTION_PARAMS.bias, shape: [d], init: "zeros" },
    );
  }
  if (config.pairAttention) specs.push(...pairAttentionSpecs(config));
  return specs;
}

/** The initial value of one parameter, reproducible from (seed, index). */
function initialValue(spec: ParamSpec, seed: number): tf.Tensor {
  switch (spec.init) {
    case "zeros":
      return tf.zeros(spec.shape);
    case "ones":
      return tf.ones(spec.shape);
    case "depthwise":
      // start close to the identity so deep stacks train from the first step
      return tf.tidy(() =>
        tf.add(
          tf.randomUniform(spec.shape, -0.2, 0.2, "float32", seed),
          tf.tensor2d([[0], [1], [0]]),
        ),
      );
    case "embedding":
      return tf.randomNormal(spec.shape, 0, 0.1, "float32", seed);
    case "glorot": {
      const fanIn = spec.shape[0] as number;
      const fanOut = spec.shape[1] as number;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return tf.randomUniform(spec.shape, -limit, limit, "float32", seed);
    }
  }
}

/** Parameters of the concept-participation gate (`ModelShape.conceptGate`). */
export const CONCEPT_PARAMS = { kernel: "concept/kernel", bias: "concept/bias" } as const;

/** Parameters of the pair-graph message pass (`ModelShape.pairInteraction`). */
export const PAIR_INTERACTION_PARAMS = {
  kernel: "pair/interaction_kernel",
  bias: "pair/interaction_bias",
} as const;

/** Named, trainable model parameters in a fixed order. */
export type ParamStore = Map<string, tf.Variable>;

/** Creates all parameters of a config, seeded by `config.seed`. */
export function createParams(config: ModelConfig): ParamStore {
  const store: ParamStore = new Map();
  paramSpecs(config).forEach((spec, index) => {
    const value = initialValue(spec, deriveSeed(config.seed, index));
    store.set(spec.name, tf.variable(value, spec.trainable !== false, undefined, "float32"));
    value.dispose();
  });
  return store;
}
