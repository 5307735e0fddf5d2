import { ModelError } from "./errors.js";
import type { TokenEncoderSpec } from "./model/token-encoder.js";

/** Named model sizes: `small` trains on 2 CPU cores, `base` is meant for GPUs. */
export type ModelSize = "small" | "base";

/** Hyper-parameters that define the network's shape. */
export interface ModelShape {
  /** Token and entity-type embedding width. */
  embeddingDim: number;
  /** Width of the context layers and of mention/concept vectors. */
  hiddenDim: number;
  /** One residual dilated convolution (kernel 3) per entry, with that dilation. */
  dilations: number[];
  /** Depthwise-separable convolutions (a third of the cost) instead of full ones. */
  separable: boolean;
  /**
   * Give each pair the context of the sentences where its two concepts meet
   * (log-sum-exp over their tokens; the sentences of either concept when they
   * never share one). Relation types hinge on such words ("induced", "binds").
   * Models saved before this option existed load with `false`.
   */
  pairContext: boolean;
  /**
   * Also give each pair the mean of the tokens between its head and tail
   * mentions wherever they share a sentence ("X-induced Y", "Y treated with X").
   * Models saved before this option existed load with `false`.
   */
  betweenContext: boolean;
  /**
   * Restrict relation types to the (entity-type pair -> type) combinations
   * seen in the training data, in training and at decision time: a fixed
   * additive mask on the type logits, set by `train` from its documents.
   * Models saved before this option existed load with `false`.
   */
  typeMask: boolean;
  /**
   * A wide lexical path beside the deep one: per-word and hashed-bigram
   * weights averaged over the (non-entity) tokens between the pair's closest
   * mentions, and per-word weights averaged over the sentences where the pair
   * meets, added straight to the relation logits (what a linear model types
   * with). Models saved before this option existed load with `false`.
   */
  lexical: boolean;
  /**
   * A small fixed trigger lexicon (increase, inhibit, bind, associate, ...; 8 classes,
   * `model/trigger-lexicon.ts`): per class, the fraction of trigger words between the
   * pair's closest mentions and in its sentences, through a trained [16, labels] weight
   * added to the relation logits. The lexicon is matched on the tokenizer's vocabulary
   * when the model is created. Models saved before this option existed load with `false`.
   */
  triggerLexicon: boolean;
  /**
   * A local mention-pair path (BRAN-style, within sentences): each pair is also scored
   * from its closest head/tail mentions that share a sentence (their token states, order
   * and distance), log-sum-exp pooled, added to the relation logits.
   * Models saved before this option existed load with `false`.
   */
  localPairs: boolean;
  /**
   * A concept-participation gate: each concept gets a logit c ("does it take part in any
   * relation of its document?"), trained on that question beside the relation loss, and
   * every pair's None logit is raised by -(log sigmoid(c_head) + log sigmoid(c_tail)), so a
   * pair of a concept unlikely to take part in any relation needs more evidence to be one.
   * Models saved before this option existed load with `false`.
   */
  conceptGate: boolean;
  /**
   * One message pass over the pair graph: each pair's embedding gets, through a trained
   * [3D, D] layer (residual), the mean embedding of every pair its head concept takes part in
   * and of every pair its tail concept takes part in — so a pair is scored knowing what the
   * other pairs of its concepts look like. Models saved before this option existed load with `false`.
   */
  pairInteraction: boolean;
  /**
   * Pair-conditioned attention over the document: each pair's two concept vectors form a
   * query, a softmax over its document's tokens weights their states, and the result feeds the
   * pair MLP's hidden layer — evidence from anywhere in the abstract, picked for that pair
   * (the conv encoder sees a few tokens either side). Models saved before this option
   * existed load with `false`.
   */
  pairAttention: boolean;
  /** Hidden width of the pair MLP. */
  pairHiddenDim: number;
  /** Width of the pair embedding the heads read. */
  pairEmbeddingDim: number;
  /** Width of the entity-type-pair embedding. */
  typePairDim: number;
  /** Output width of the contrastive projection head. */
  projectionDim: number;
  /** Dropout rate used in training. */
  dropout: number;
  /**
   * The token encoder, when not the built-in convolutional one (e.g. a BERT-family
   * checkpoint, see `createBertModel`); saved with the model. `hiddenDim` must equal its width.
   */
  encoder?: TokenEncoderSpec;
}

const SHAPES: Record<ModelSize, ModelShape> = {
  small: {
    embeddingDim: 64,
    hiddenDim: 64,
    dilations: [1, 2, 4],
    separable: true,
    pairContext: true,
    betweenContext: true,
    typeMask: true,
    lexical: true,
    triggerLexicon: true,
    localPairs: false,
    conceptGate: false,
    pairInteraction: false,
    pairAttention: false,
    pairHiddenDim: 128,
    pairEmbeddingDim: 96,
    typePairDim: 16,
    projectionDim: 64,
    dropout: 0.1,
  },
  base: {
    embeddingDim: 128,
    hiddenDim: 256,
    dilations: [1, 2, 4, 8, 1, 2],
    separable: false,
    pairContext: true,
    betweenContext: true,
    typeMask: true,
    lexical: true,
    triggerLexicon: false,
    localPairs: false,
    conceptGate: false,
    pairInteraction: false,
    pairAttention: false,
    pairHiddenDim: 512,
    pairEmbeddingDim: 256,
    typePairDim: 32,
    projectionDim: 128,
    dropout: 0.2,
  },
};

/** The shape of a named size; throws with the valid names for an unknown one. */
export function modelShape(size: string): ModelShape {
  const shape = SHAPES[size as ModelSize];
  if (!shape) {
    throw new RangeError(
      `unknown model size "${size}"; expected one of: ${Object.keys(SHAPES).join(", ")}`,
    );
  }
  return { ...shape, dilations: [...shape.dilations] };
}

/** Everything that fixes the network's parameters: its shape plus the data's dimensions. */
export interface ModelConfig extends ModelShape {
  /** Token vocabulary size (id 0 = padding). */
  vocabSize: number;
  /** Entity-type ids run 0..numEntityTypes-1 (0 = no entity). */
  numEntityTypes: number;
  /** Relation labels including `None` (id 0). */
  numLabels: number;
  /** Pair features per candidate pair. */
  numPairFeatures: number;
  /** Seed of the parameter initialization. */
  seed: number;
}

/**
 * Checks a config's numbers; throws `INVALID_CONFIG` naming the bad field.
 * Returns the config with options added later filled in as they behaved before.
 */
export function validateConfig(input: ModelConfig): ModelConfig {
  const config: ModelConfig = {
    ...input,
    pairContext: input.pairContext ?? false,
    betweenContext: input.betweenContext ?? false,
    typeMask: input.typeMask ?? false,
    lexical: input.lexical ?? false,
    triggerLexicon: input.triggerLexicon ?? false,
    localPairs: input.localPairs ?? false,
    conceptGate: input.conceptGate ?? false,
    pairInteraction: input.pairInteraction ?? false,
    pairAttention: input.pairAttention ?? false,
  };
  const positive: (keyof ModelConfig)[] = [
    "embeddingDim",
    "hiddenDim",
    "pairHiddenDim",
    "pairEmbeddingDim",
    "typePairDim",
    "projectionDim",
    "vocabSize",
    "numEntityTypes",
    "numLabels",
  ];
  for (const key of positive) {
    const value = config[key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
      throw new ModelError(
        "INVALID_CONFIG",
        `config.${key} must be a positive integer, got ${String(value)}`,
      );
    }
  }
  if (!Number.isInteger(config.numPairFeatures) || config.numPairFeatures < 0) {
    throw new ModelError(
      "INVALID_CONFIG",
      `config.numPairFeatures must be >= 0, got ${config.numPairFeatures}`,
    );
  }
  if (config.numLabels < 2)
    throw new ModelError(
      "INVALID_CONFIG",
      "config.numLabels must count None and at least one type",
    );
  if (
    !Array.isArray(config.dilations) ||
    config.dilations.some((d) => !Number.isInteger(d) || d < 1)
  ) {
    throw new ModelError("INVALID_CONFIG", "config.dilations must be positive integers");
  }
  for (const key of [
    "separable",
    "pairContext",
    "betweenContext",
    "typeMask",
    "lexical",
    "triggerLexicon",
    "localPairs",
    "conceptGate",
    "pairInteraction",
    "pairAttention",
  ] as const) {
    if (typeof config[key] !== "boolean") {
      throw new ModelError("INVALID_CONFIG", `config.${key} must be a boolean`);
    }
  }
  if (!(config.dropout >= 0 && config.dropout < 1)) {
    throw new ModelError(
      "INVALID_CONFIG",
      `config.dropout must be in [0, 1), got ${config.dropout}`,
    );
  }
  return config;
}
