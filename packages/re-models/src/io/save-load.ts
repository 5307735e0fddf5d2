import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  EntityTypeSpace,
  LabelSpace,
  type RelationSchema,
  Tokenizer,
} from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import { type ModelConfig, validateConfig } from "../config.js";
import { ModelError } from "../errors.js";
import { paramSpecs } from "../model/params.js";
import {
  type DecisionRule,
  type Preprocessing,
  RelationModel,
  type TrainingMetadata,
} from "../model/relation-model.js";
import { writeFileAtomic } from "./atomic.js";
import { decodeTensors, encodeTensors, expectedByteLength } from "./tensor-codec.js";

/** The `format` field of our model.json. */
export const MODEL_FORMAT = "biore-relation-model";
const FORMAT_VERSION = 1;

/** File names inside a saved model directory. */
export const MODEL_FILES = {
  model: "model.json",
  weights: "weights.bin",
  labels: "labels.json",
  tokenizer: "tokenizer.json",
  entityTypes: "entity-types.json",
  training: "training.json",
} as const;

interface ModelJson {
  format: string;
  generatedBy: string;
  convertedBy: null;
  modelTopology: { className: string; formatVersion: number; config: ModelConfig };
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata: {
    decision: DecisionRule;
    maxTokens?: number;
    schema?: RelationSchema;
    allowedTypePairs?: string[];
  };
}

function toJsonValue(value: unknown): unknown {
  const withToJson = value as { toJSON?: () => unknown };
  return typeof withToJson?.toJSON === "function" ? withToJson.toJSON() : value;
}

/**
 * Saves a model to `dir` (created if needed) with Node's fs only: tfjs-format
 * `model.json` + `weights.bin`, labels, tokenizer, entity types and training
 * metadata. Each file is written atomically; `model.json` goes last, so a
 * directory with it is complete.
 */
export async function saveModel(model: RelationModel, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const named: Record<string, tf.Tensor> = {};
  for (const [name, v] of model.params) named[name] = v;
  const { specs, data } = await encodeTensors(named);
  writeFileAtomic(join(dir, MODEL_FILES.weights), data);
  writeFileAtomic(
    join(dir, MODEL_FILES.labels),
    JSON.stringify(model.labelSpace.toJSON(), null, 2),
  );
  const { tokenizer, entityTypes, maxTokens, schema, allowedTypePairs } = model.preprocessing;
  if (tokenizer !== undefined)
    writeFileAtomic(join(dir, MODEL_FILES.tokenizer), JSON.stringify(toJsonValue(tokenizer)));
  if (entityTypes !== undefined) {
    writeFileAtomic(
      join(dir, MODEL_FILES.entityTypes),
      JSON.stringify(toJsonValue(entityTypes), null, 2),
    );
  }
  writeFileAtomic(join(dir, MODEL_FILES.training), JSON.stringify(model.metadata ?? null, null, 2));
  const json: ModelJson = {
    format: MODEL_FORMAT,
    generatedBy: "@biore/re-models",
    convertedBy: null,
    modelTopology: {
      className: "RelationModel",
      formatVersion: FORMAT_VERSION,
      config: model.config,
    },
    weightsManifest: [{ paths: [MODEL_FILES.weights], weights: specs }],
    userDefinedMetadata: {
      decision: model.decision,
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      ...(schema ? { schema } : {}),
      ...(allowedTypePairs ? { allowedTypePairs } : {}),
    },
  };
  writeFileAtomic(join(dir, MODEL_FILES.model), JSON.stringify(json, null, 2));
}

/** Options of {@link loadModel}. */
export interface LoadOptions {
  /** The label space the caller's data uses; a different one is a `LABEL_SPACE_MISMATCH`. */
  expectedLabels?: LabelSpace | readonly string[];
}

function restore<T>(path: string, what: string, fromJSON: (json: unknown) => T): T {
  const raw = readJson(path, what);
  try {
    return fromJSON(raw);
  } catch (error) {
    throw new ModelError("MODEL_CORRUPT", `${what}: ${(error as Error).message}`, path);
  }
}

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new ModelError("MODEL_INCOMPLETE", `${what} is missing`, path);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new ModelError("MODEL_CORRUPT", `${what} is not valid JSON`, path);
  }
}

/** Loads a model saved by {@link saveModel}; throws a {@link ModelError} naming the bad file. */
export function loadModel(dir: string, options: LoadOptions = {}): RelationModel {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ModelError("MODEL_DIR_MISSING", "model directory does not exist", dir);
  }
  const modelPath = join(dir, MODEL_FILES.model);
  const json = readJson(modelPath, "model.json") as Partial<ModelJson>;
  if (json.format !== MODEL_FORMAT || json.modelTopology?.formatVersion !== FORMAT_VERSION) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `model.json is not a ${MODEL_FORMAT} v${FORMAT_VERSION}`,
      modelPath,
    );
  }
  let config: ModelConfig;
  try {
    config = validateConfig(json.modelTopology.config);
  } catch (error) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `model.json has a bad config: ${(error as Error).message}`,
      modelPath,
    );
  }
  const labelsJson = readJson(join(dir, MODEL_FILES.labels), "labels.json") as { labels: string[] };
  let labelSpace: LabelSpace;
  try {
    labelSpace = LabelSpace.fromJSON(labelsJson);
  } catch (error) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `labels.json: ${(error as Error).message}`,
      join(dir, MODEL_FILES.labels),
    );
  }
  if (labelSpace.size !== config.numLabels) {
    throw new ModelError(
      "LABEL_SPACE_MISMATCH",
      `labels.json has ${labelSpace.size} labels but the relation head has ${config.numLabels}`,
      dir,
    );
  }
  if (options.expectedLabels) {
    const expected =
      options.expectedLabels instanceof LabelSpace
        ? options.expectedLabels.labels
        : options.expectedLabels;
    if (expected.join("\u0000") !== labelSpace.labels.join("\u0000")) {
      throw new ModelError(
        "LABEL_SPACE_MISMATCH",
        `model labels [${labelSpace.labels.join(", ")}] differ from the data's [${expected.join(", ")}]`,
        dir,
      );
    }
  }
  const manifest = json.weightsManifest?.[0];
  if (manifest?.paths.length !== 1) {
    throw new ModelError(
      "MODEL_CORRUPT",
      "model.json has no single-file weightsManifest",
      modelPath,
    );
  }
  const weightsPath = join(dir, manifest.paths[0] as string);
  if (!existsSync(weightsPath))
    throw new ModelError("MODEL_INCOMPLETE", "weights file is missing", weightsPath);
  const bytes = readFileSync(weightsPath);
  if (bytes.byteLength !== expectedByteLength(manifest.weights)) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `weights file has ${bytes.byteLength} bytes, model.json describes ${expectedByteLength(manifest.weights)}`,
      weightsPath,
    );
  }
  const tensors = decodeTensors(new Uint8Array(bytes), manifest.weights);
  const params = new Map<string, tf.Variable>();
  try {
    for (const spec of paramSpecs(config)) {
      const value = tensors[spec.name];
      if (!value || value.shape.join(",") !== spec.shape.join(",")) {
        throw new ModelError(
          "MODEL_CORRUPT",
          `parameter ${spec.name} is ${value ? `[${value.shape}]` : "missing"}, expected [${spec.shape}]`,
          weightsPath,
        );
      }
      params.set(spec.name, tf.variable(value, true));
    }
  } catch (error) {
    for (const v of params.values()) v.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(tensors));
  }
  const preprocessing: Preprocessing = {};
  const tokenizerPath = join(dir, MODEL_FILES.tokenizer);
  if (existsSync(tokenizerPath)) {
    preprocessing.tokenizer = restore(tokenizerPath, "tokenizer.json", (j) =>
      Tokenizer.fromJSON(j),
    );
  }
  const typesPath = join(dir, MODEL_FILES.entityTypes);
  if (existsSync(typesPath)) {
    preprocessing.entityTypes = restore(typesPath, "entity-types.json", (j) =>
      EntityTypeSpace.fromJSON(j),
    );
  }
  const meta = json.userDefinedMetadata;
  if (meta?.maxTokens !== undefined) preprocessing.maxTokens = meta.maxTokens;
  if (meta?.schema) preprocessing.schema = meta.schema;
  if (meta?.allowedTypePairs) preprocessing.allowedTypePairs = meta.allowedTypePairs;
  const model = new RelationModel(config, params, labelSpace, preprocessing);
  if (json.userDefinedMetadata?.decision) model.decision = { ...json.userDefinedMetadata.decision };
  const training = readJson(
    join(dir, MODEL_FILES.training),
    "training.json",
  ) as TrainingMetadata | null;
  if (training) model.metadata = training;
  return model;
}
