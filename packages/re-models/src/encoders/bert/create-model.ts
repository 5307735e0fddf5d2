import {
  type EntityTypeSpace,
  type LabelSpace,
  NUM_PAIR_FEATURES,
  type RelationSchema,
} from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import { type ModelShape, type ModelSize, modelShape } from "../../config.js";
import { createModel } from "../../model/create.js";
import type { RelationModel } from "../../model/relation-model.js";
import { createRng } from "../../random.js";
import { readBertCheckpoint } from "./checkpoint.js";
import { withEntityMarkers } from "./encode-documents.js";
import { CheckpointError } from "./errors.js";
import type { BertEncoderSpec } from "./token-encoder.js";
import { readWordPieceTokenizer } from "./tokenizer.js";
import { BERT_PARAM_PREFIX } from "./weights.js";

/** Options of {@link createBertModel}. */
export interface BertModelOptions {
  /** Local Hugging Face checkpoint folder: config.json, model.safetensors, vocab.txt or tokenizer.json. */
  checkpoint: string;
  /** Relation labels (None first), entity types, schema and pair filter, e.g. a relation-dataset `RelationDataset`'s. */
  labelSpace: LabelSpace;
  entityTypes: EntityTypeSpace;
  schema?: RelationSchema;
  allowedTypePairs?: Iterable<string> | null;
  /** Named size of the heads (pair MLP, projection; default `small`). */
  size?: ModelSize;
  /** Overrides of the heads' shape (`hiddenDim` is the checkpoint's width). */
  shape?: Partial<Omit<ModelShape, "encoder" | "hiddenDim">>;
  /** Stride of the sliding windows over documents longer than the checkpoint's positions (default half a window). */
  windowStride?: number;
  /** Freeze the embeddings and the first N layers (default 0: everything is fine-tuned). */
  freezeLayers?: number;
  /** Seed of the heads' and the entity markers' initialization (default 13). */
  seed?: number;
  /** Wordpieces kept per document before markers (default 4096). */
  maxTokens?: number;
}

/**
 * A relation model whose token encoder is a pretrained BERT-family checkpoint read from a
 * local folder (nothing is downloaded): the same pooling, pair representation, heads, HNM
 * trainer, save/load and predict as the built-in encoder. Entity markers (`[E:Type]`,
 * `[/E:Type]`) are added to the vocabulary; their embedding rows start at the mean of the
 * checkpoint's rows plus small seeded noise.
 */
export function createBertModel(options: BertModelOptions): RelationModel {
  const checkpoint = readBertCheckpoint(options.checkpoint);
  const base = readWordPieceTokenizer(options.checkpoint);
  const { config: bert } = checkpoint;
  if (base.vocabSize !== bert.vocabSize) {
    throw new CheckpointError(
      "VOCAB_MISMATCH",
      `the tokenizer has ${base.vocabSize} wordpieces but config.json's vocab_size and the embedding matrix have ${bert.vocabSize}; the vocabulary belongs to another checkpoint`,
      options.checkpoint,
    );
  }
  const tokenizer = withEntityMarkers(base, options.entityTypes);
  const freezeLayers = options.freezeLayers ?? 0;
  if (!Number.isSafeInteger(freezeLayers) || freezeLayers < 0 || freezeLayers > bert.numLayers) {
    throw new RangeError(`freezeLayers must be an integer in [0, ${bert.numLayers}]`);
  }
  const encoder: BertEncoderSpec = {
    kind: "bert",
    bert,
    vocabSize: tokenizer.vocabSize,
    frame: { cls: tokenizer.cls, sep: tokenizer.sep, pad: tokenizer.pad },
    windowStride: options.windowStride ?? Math.max(1, Math.floor((bert.maxPositions - 2) / 2)),
    freezeLayers,
    source: options.checkpoint,
  };
  const seed = options.seed ?? 13;
  const model = createModel({
    shape: {
      ...modelShape(options.size ?? "small"),
      ...options.shape,
      hiddenDim: bert.hiddenSize,
      encoder,
    },
    seed,
    labelSpace: options.labelSpace,
    entityTypes: options.entityTypes,
    numPairFeatures: NUM_PAIR_FEATURES,
    vocabSize: tokenizer.vocabSize,
    ...(options.schema ? { schema: options.schema } : {}),
    ...(options.allowedTypePairs ? { allowedTypePairs: options.allowedTypePairs } : {}),
    maxTokens: options.maxTokens ?? 4096,
  });
  model.preprocessing.wordPieces = tokenizer;
  const word = `${BERT_PARAM_PREFIX}embeddings/word`;
  for (const [name, value] of checkpoint.weights) {
    const target = model.params.get(name);
    if (!target) throw new Error(`no parameter ${name}`); // bertParamSpecs names both sides
    const data =
      name === word
        ? withMarkerRows(value.data, bert.vocabSize, tokenizer.vocabSize, bert.hiddenSize, seed)
        : value.data;
    tf.tidy(() => target.assign(tf.tensor(data, target.shape)));
  }
  return model;
}

/** The checkpoint's word embeddings plus rows for added tokens: their mean plus N(0, 0.02) noise. */
function withMarkerRows(
  rows: Float32Array,
  from: number,
  to: number,
  width: number,
  seed: number,
): Float32Array {
  const out = new Float32Array(to * width);
  out.set(rows);
  const mean = new Float64Array(width);
  for (let r = 0; r < from; r++)
    for (let k = 0; k < width; k++) mean[k]! += rows[r * width + k]! / from;
  const rng = createRng(seed);
  for (let r = from; r < to; r++) {
    for (let k = 0; k < width; k++) {
      // Box-Muller from the seeded generator
      const noise = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      out[r * width + k] = mean[k]! + 0.02 * noise;
    }
  }
  return out;
}
