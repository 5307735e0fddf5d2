import {
  type EntityTypeSpace,
  type LabelSpace,
  NUM_PAIR_FEATURES,
  type RelationDataset,
  type RelationSchema,
  type Tokenizer,
} from "@biore/relation-dataset";
import {
  type ModelConfig,
  type ModelShape,
  type ModelSize,
  modelShape,
  validateConfig,
} from "../config.js";
import { createParams } from "./params.js";
import { TRIGGER_PARAMS, triggerLexiconValues } from "./trigger-lexicon.js";
import * as tf from "@tensorflow/tfjs-core";
import { type Preprocessing, RelationModel } from "./relation-model.js";

/** What {@link createModel} needs: the data's dimensions and, optionally, a size and overrides. */
export interface CreateModelOptions {
  /** Named size (default `small`). */
  size?: ModelSize;
  /** Overrides of the named size's shape. */
  shape?: Partial<ModelShape>;
  /** Seed of the parameter initialization (default 13). */
  seed?: number;
  /** Relation labels (None first). */
  labelSpace: LabelSpace;
  /** Pair features per candidate pair (relation-dataset `PAIR_FEATURE_NAMES.length`). */
  numPairFeatures: number;
  /** relation-dataset `Tokenizer`; gives `vocabSize` unless that is set. */
  tokenizer?: Tokenizer;
  /** relation-dataset `EntityTypeSpace`; gives `numEntityTypes` unless that is set. */
  entityTypes?: EntityTypeSpace;
  /** Corpus conventions used to build candidates (saved with the model for predict). */
  schema?: RelationSchema;
  /** Entity-type pairs that become candidates (relation-dataset `allowedTypePairs`). */
  allowedTypePairs?: Iterable<string> | null;
  /** Vocabulary size when no tokenizer is given. */
  vocabSize?: number;
  /** Entity-type count (id 0 = no entity) when no type space is given. */
  numEntityTypes?: number;
  /** Token limit used when encoding documents for this model. */
  maxTokens?: number;
}

/** A freshly initialized relation model. */
export function createModel(options: CreateModelOptions): RelationModel {
  const vocabSize = options.vocabSize ?? options.tokenizer?.vocabSize;
  const numEntityTypes = options.numEntityTypes ?? options.entityTypes?.size;
  const config: ModelConfig = validateConfig({
    ...modelShape(options.size ?? "small"),
    ...options.shape,
    vocabSize: vocabSize ?? 0,
    numEntityTypes: numEntityTypes ?? 0,
    numLabels: options.labelSpace.size,
    numPairFeatures: options.numPairFeatures,
    seed: options.seed ?? 13,
  });
  const preprocessing: Preprocessing = {};
  if (options.tokenizer) preprocessing.tokenizer = options.tokenizer;
  if (options.entityTypes) preprocessing.entityTypes = options.entityTypes;
  if (options.maxTokens !== undefined) preprocessing.maxTokens = options.maxTokens;
  if (options.schema) preprocessing.schema = options.schema;
  if (options.allowedTypePairs)
    preprocessing.allowedTypePairs = [...options.allowedTypePairs].sort();
  const params = createParams(config);
  const lexicon = params.get(TRIGGER_PARAMS.lexicon);
  if (lexicon && options.tokenizer) {
    // without a tokenizer the lexicon stays empty (no word is a trigger)
    const tokenizer = options.tokenizer;
    const rows = Math.min(tokenizer.vocabSize, config.vocabSize);
    const vocab = Array.from({ length: rows }, (_, id) => tokenizer.token(id));
    const values = new Float32Array(lexicon.size);
    values.set(triggerLexiconValues(vocab));
    tf.tidy(() => lexicon.assign(tf.tensor(values, lexicon.shape)));
  }
  return new RelationModel(config, params, options.labelSpace, preprocessing);
}

/** Options of {@link createModelForDataset}: a size, shape overrides, seed and the token limit used. */
export type DatasetModelOptions = Pick<CreateModelOptions, "size" | "shape" | "seed" | "maxTokens">;

/** A model sized for a relation-dataset `RelationDataset` (its tokenizer, labels, entity types, schema, pair filter). */
export function createModelForDataset(
  dataset: RelationDataset,
  options: DatasetModelOptions = {},
): RelationModel {
  return createModel({
    ...options,
    // predict encodes as training did unless told otherwise
    maxTokens: options.maxTokens ?? dataset.maxTokens,
    labelSpace: dataset.labelSpace,
    tokenizer: dataset.tokenizer,
    entityTypes: dataset.entityTypes,
    schema: dataset.schema,
    allowedTypePairs: dataset.allowedTypePairs,
    numPairFeatures: NUM_PAIR_FEATURES,
  });
}
