import type { TokenizerFitOptions } from "@biore/relation-dataset";
import type { ModelSize, RelationLoss } from "../src/index.js";
import type { HnmRecipe } from "./hnm-recipe.js";

/**
 * Tokenizer settings for BioRED: a capped vocabulary keeps the embedding
 * table (and its optimizer update) small on the cpu backend; rarer words
 * fall back to WordPiece pieces.
 */
export const BIORED_TOKENIZER: TokenizerFitOptions = { maxVocabSize: 12000, minWordCount: 2 };

/** The held-out slice of Train used for early stopping and the None threshold (never Dev). */
export const HELD_OUT_FRACTION = 0.1;
export const HELD_OUT_SEED = 2024;

/** Settings of one experiment run; every field can be overridden by an environment variable. */
export interface RunSettings {
  size: ModelSize;
  /** Token embeddings: random, or from the word2vec vectors of pretraining-vectors.ts. */
  init: "random" | "pretrained";
  /** Which vectors (`skipgram` | `cbow`) when `init` is `pretrained`. */
  vectors: string;
  /** Conv token encoder weights from pretraining-mlm.ts (ENCODER_WEIGHTS=<file>), loaded after the vectors. */
  encoderWeights: string | undefined;
  /** Sentence context of each pair (ModelShape.pairContext). */
  pairContext: boolean;
  /** Tokens between each pair's mentions (ModelShape.betweenContext). */
  betweenContext: boolean;
  /** Types restricted to the (entity-type pair -> type) combinations seen in training (ModelShape.typeMask). */
  typeMask: boolean;
  /** The wide lexical path beside the deep one (ModelShape.lexical). */
  lexical: boolean;
  /** The fixed trigger lexicon's path (ModelShape.triggerLexicon; TRIGGER_LEXICON=1). */
  triggerLexicon: boolean;
  /** Dropout rate of the model (ModelShape.dropout; DROPOUT, default the size's own). */
  dropout: number | undefined;
  /** Width of the conv encoder (ModelShape.hiddenDim; HIDDEN_DIM, default the size's own). */
  hiddenDim: number | undefined;
  /** The conv encoder's dilations, one residual block each (ModelShape.dilations; DILATIONS=1,2,4,8, default the size's own). */
  dilations: number[] | undefined;
  /** The local mention-pair path (ModelShape.localPairs; LOCAL_PAIRS=1). */
  localPairs: boolean;
  /** The concept-participation gate (ModelShape.conceptGate; CONCEPT_GATE=1). */
  conceptGate: boolean;
  /** The pair-graph message pass (ModelShape.pairInteraction; PAIR_INTERACTION=1). */
  pairInteraction: boolean;
  /** Pair-conditioned attention over the document (ModelShape.pairAttention; PAIR_ATTENTION=1). */
  pairAttention: boolean;
  /** tfjs backend: `wasm` (default; same results to ~1e-5, twice as fast) or `cpu` (+ fast kernels). */
  backend: "wasm" | "cpu";
  /** Fraction of the training part of Train used (learning curves; the tokenizer still sees all of it). */
  trainFraction: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  /** Model selection on each epoch's held-out F1 (1) or its centred 3-epoch mean (3; SELECTION_WINDOW; TrainOptions.selectionWindow). */
  selectionWindow: number;
  /** Decay of the parameter average validation and the model use (PARAM_AVERAGE; 0 = off). */
  parameterAverage: number;
  /** Probability a concept's names are masked in a training step (ENTITY_MASK; TrainOptions.entityMask). */
  entityMask: number;
  /**
   * Class-balanced batches: at least this many pairs of every relation type present in a batch
   * (BALANCED_BATCHES; TrainOptions.batchSampler = ClassBalancedBatches; 0 = the default batches).
   */
  balancedBatches: number;
  /** How the relation logits are trained (RELATION_LOSS=adaptive-threshold: ATLOP's loss). */
  relationLoss: RelationLoss;
  /** Label smoothing ε of the softmax relation loss (LABEL_SMOOTHING; TrainOptions.labelSmoothing). */
  labelSmoothing: number;
  /** Weight of the type-only term over related pairs (TYPE_LOSS; TrainOptions.typeLossWeight). */
  typeLoss: number;
  /**
   * Knowledge distillation from a teacher's logits file (DISTILL=<file> from distill-teacher.ts;
   * DISTILL_WEIGHT, default 1; DISTILL_T, the temperature, default 2; TrainOptions.distillation).
   */
  distill: { file: string; weight: number; temperature: number } | undefined;
  /** Token limit per document (MAX_TOKENS; 512 keeps older commands reproducing, the library default is 1,024). */
  maxTokens: number;
  hnm: HnmRecipe;
}

/** Defaults, overridable with INIT, VECTORS, ENCODER_WEIGHTS, PAIR_CONTEXT, BETWEEN_CONTEXT, TYPE_MASK, LEXICAL, TRIGGER_LEXICON, LOCAL_PAIRS, CONCEPT_GATE, PAIR_INTERACTION, PAIR_ATTENTION, DROPOUT, HIDDEN_DIM, DILATIONS, BACKEND, TRAIN_FRACTION, EPOCHS, BATCH, LR, PATIENCE, SELECTION_WINDOW, ENTITY_MASK, PARAM_AVERAGE, RELATION_LOSS, MAX_TOKENS, DISTILL (DISTILL_WEIGHT, DISTILL_T), SIZE, HNM_* variables (HNM_RAMP: weight ramp epochs; HNM_SKIP: closest negatives the top-k-pairs miner skips; HNM_NEGATIVES_FROM=entity-types; HNM_LABEL=relation-and-entity-types; HNM_VIEW=p: a second view with names replaced by type tokens at rate p; HNM_PRETRAIN: contrastive pre-training epochs; BALANCED_BATCHES=m: class-balanced batches). */
export function runSettings(env: NodeJS.ProcessEnv): RunSettings {
  const num = (key: string, fallback: number) =>
    env[key] !== undefined ? Number(env[key]) : fallback;
  return {
    size: (env.SIZE ?? "small") as ModelSize,
    init: env.INIT === "random" ? "random" : "pretrained",
    vectors: env.VECTORS ?? "skipgram",
    encoderWeights: env.ENCODER_WEIGHTS || undefined,
    pairContext: env.PAIR_CONTEXT !== "0",
    betweenContext: env.BETWEEN_CONTEXT !== "0",
    typeMask: env.TYPE_MASK === "1",
    lexical: env.LEXICAL === "1",
    triggerLexicon: env.TRIGGER_LEXICON === "1",
    localPairs: env.LOCAL_PAIRS === "1",
    conceptGate: env.CONCEPT_GATE === "1",
    pairInteraction: env.PAIR_INTERACTION === "1",
    pairAttention: env.PAIR_ATTENTION === "1",
    dropout: env.DROPOUT !== undefined ? Number(env.DROPOUT) : undefined,
    hiddenDim: env.HIDDEN_DIM !== undefined ? Number(env.HIDDEN_DIM) : undefined,
    dilations: env.DILATIONS ? env.DILATIONS.split(",").map(Number) : undefined,
    backend: env.BACKEND === "cpu" ? "cpu" : "wasm",
    trainFraction: num("TRAIN_FRACTION", 1),
    epochs: num("EPOCHS", 4),
    batchSize: num("BATCH", 8),
    learningRate: num("LR", 3e-3),
    patience: num("PATIENCE", 2),
    selectionWindow: num("SELECTION_WINDOW", 1),
    entityMask: num("ENTITY_MASK", 0),
    parameterAverage: num("PARAM_AVERAGE", 0),
    balancedBatches: num("BALANCED_BATCHES", 0),
    relationLoss: env.RELATION_LOSS === "adaptive-threshold" ? "adaptive-threshold" : "softmax",
    labelSmoothing: num("LABEL_SMOOTHING", 0),
    typeLoss: num("TYPE_LOSS", 0),
    maxTokens: num("MAX_TOKENS", 512),
    distill: env.DISTILL
      ? {
          file: env.DISTILL,
          weight: num("DISTILL_WEIGHT", 1),
          temperature: num("DISTILL_T", 2),
        }
      : undefined,
    hnm: {
      miner: env.HNM_MINER ?? "multi-similarity",
      epsilon: num("HNM_EPSILON", 0.1),
      k: num("HNM_K", 32),
      positives: num("HNM_POSITIVES", 4),
      loss: env.HNM_LOSS ?? "supcon",
      temperature: num("HNM_TEMPERATURE", 0.1),
      margin: num("HNM_MARGIN", 0.2),
      weight: num("HNM_WEIGHT", 0.2),
      memorySize: num("HNM_MEMORY", 1024),
      warmupEpochs: num("HNM_WARMUP", 1),
      weightRampEpochs: num("HNM_RAMP", 0),
      samplesPerClass: num("HNM_M", 8),
      maxPairs: num("HNM_MAX_PAIRS", 256),
      contrastNone: env.HNM_CONTRAST_NONE !== "0",
      skipNegatives: num("HNM_SKIP", 0),
      negativesFrom: env.HNM_NEGATIVES_FROM === "entity-types" ? "entity-types" : "all",
      contrastLabel:
        env.HNM_LABEL === "relation-and-entity-types" ? "relation-and-entity-types" : "relation",
      view: num("HNM_VIEW", 0),
      pretrainEpochs: num("HNM_PRETRAIN", 0),
    },
  };
}
