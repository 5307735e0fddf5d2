import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { EntityTypeSpace, LabelSpace, Tokenizer } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import { type ModelConfig, validateConfig } from "../config.js";
import { ModelError } from "../errors.js";
import { paramSpecs } from "../model/params.js";
import {
  type Preprocessing,
  RelationModel,
  type TrainingMetadata,
} from "../model/relation-model.js";
import { WordPieceTokenizer } from "../encoders/bert/tokenizer.js";
import { checkTensorSpecs, isPlainFileName, nonFiniteTensor } from "./integrity.js";
import { checkDecision, checkSizes, checkWeightSpecs } from "./model-checks.js";
import { FORMAT_VERSION, MODEL_FILES, MODEL_FORMAT, type ModelJson } from "./model-format.js";
import {
  MANIFEST_FILE,
  type ModelManifest,
  readManifest,
  readModelFile,
} from "./model-manifest.js";
import { ENSEMBLE_FILE } from "./ensemble-format.js";
import { isEnsembleManifest, loadEnsemble } from "./load-ensemble.js";
import { decodeTensors, expectedByteLength } from "./tensor-codec.js";
import { attachSavedTyper } from "./typer-file.js";

/** Options of {@link loadModel}. */
export interface LoadOptions {
  /** The label space the caller's data uses; a different one is a `LABEL_SPACE_MISMATCH`. */
  expectedLabels?: LabelSpace | readonly string[];
  /**
   * Refuse (`MODEL_UNVERIFIED`) a folder without `manifest.json` (saved before
   * manifests existed) instead of loading it after the structural checks only.
   */
  requireManifest?: boolean;
  /** Told about anything loaded with less checking than usual (a folder without manifest). */
  onWarning?: (message: string) => void;
}

function parseJson(bytes: Buffer, name: string, path: string): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new ModelError("MODEL_CORRUPT", `${name} is not valid JSON`, path);
  }
}

function restore<T>(json: unknown, name: string, path: string, fromJSON: (json: unknown) => T): T {
  try {
    return fromJSON(json);
  } catch (error) {
    throw new ModelError("MODEL_CORRUPT", `${name}: ${(error as Error).message}`, path);
  }
}

/** A folder's files, read once each and checked against the manifest when there is one. */
function folderReader(dir: string, manifest: ModelManifest | undefined) {
  return {
    bytes: (name: string, required = true) => readModelFile(dir, name, manifest, required),
    json(name: string, required = true): unknown {
      const bytes = readModelFile(dir, name, manifest, required);
      return bytes === undefined ? undefined : parseJson(bytes, name, join(dir, name));
    },
  };
}

function readModelJson(json: unknown, path: string): { json: ModelJson; config: ModelConfig } {
  const j = json as Partial<ModelJson> | null;
  if (!j || j.format !== MODEL_FORMAT || j.modelTopology?.formatVersion !== FORMAT_VERSION) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `model.json is not a ${MODEL_FORMAT} v${FORMAT_VERSION}`,
      path,
    );
  }
  try {
    return { json: j as ModelJson, config: validateConfig(j.modelTopology.config) };
  } catch (error) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `model.json has a bad config: ${(error as Error).message}`,
      path,
    );
  }
}

function readLabels(json: unknown, config: ModelConfig, dir: string, options: LoadOptions) {
  const path = join(dir, MODEL_FILES.labels);
  const labels = (json as { labels?: unknown } | null)?.labels;
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === "string"))
    throw new ModelError("MODEL_CORRUPT", "labels.json: expected {labels: [strings]}", path);
  const labelSpace = restore(json, MODEL_FILES.labels, path, (j) =>
    LabelSpace.fromJSON(j as { labels: string[] }),
  );
  if (labelSpace.size !== config.numLabels) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `labels.json has ${labelSpace.size} labels but the relation head has ${config.numLabels}`,
      path,
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
  return labelSpace;
}

function checkPreprocessingFields(
  meta: ModelJson["userDefinedMetadata"] | undefined,
  path: string,
) {
  const bad = (what: string) => new ModelError("MODEL_CORRUPT", `model.json: ${what}`, path);
  if (!meta || typeof meta !== "object") throw bad("userDefinedMetadata is missing");
  if (meta.maxTokens !== undefined && !(Number.isSafeInteger(meta.maxTokens) && meta.maxTokens > 0))
    throw bad(`maxTokens is ${JSON.stringify(meta.maxTokens)}`);
  if (meta.schema !== undefined && (typeof meta.schema !== "object" || meta.schema === null))
    throw bad("schema is not an object");
  const pairs = meta.allowedTypePairs;
  if (pairs !== undefined && !(Array.isArray(pairs) && pairs.every((p) => typeof p === "string")))
    throw bad("allowedTypePairs is not a list of strings");
}

/** Validates model.json's single weights entry and reads + checks the weight bytes it names. */
function readWeights(
  json: ModelJson,
  config: ModelConfig,
  dir: string,
  files: ReturnType<typeof folderReader>,
) {
  const modelPath = join(dir, MODEL_FILES.model);
  const entry = Array.isArray(json.weightsManifest) ? json.weightsManifest[0] : undefined;
  if (
    json.weightsManifest?.length !== 1 ||
    !Array.isArray(entry?.paths) ||
    entry.paths.length !== 1
  )
    throw new ModelError(
      "MODEL_CORRUPT",
      "model.json has no single-file weightsManifest",
      modelPath,
    );
  const name = entry.paths[0];
  if (!isPlainFileName(name))
    throw new ModelError(
      "MODEL_CORRUPT",
      `model.json's weights path ${JSON.stringify(name)} is not a file inside the model folder`,
      modelPath,
    );
  const specs = checkTensorSpecs(entry.weights);
  if (typeof specs === "string")
    throw new ModelError("MODEL_CORRUPT", `model.json: ${specs}`, modelPath);
  checkWeightSpecs(specs, config, modelPath);
  const weightsPath = join(dir, name);
  const bytes = files.bytes(name) as Buffer;
  if (bytes.byteLength !== expectedByteLength(specs)) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `weights file has ${bytes.byteLength} bytes, model.json describes ${expectedByteLength(specs)}`,
      weightsPath,
    );
  }
  const bad = nonFiniteTensor(bytes, specs);
  if (bad !== undefined)
    throw new ModelError(
      "MODEL_CORRUPT",
      `parameter ${bad} holds NaN or infinite values`,
      weightsPath,
    );
  return { specs, bytes };
}

/**
 * Reads one more file of a saved model folder (one passed to {@link saveModel} as an
 * extra file), checked against `manifest.json` like the model's own files: a changed or
 * truncated file is `MODEL_CORRUPT`, a missing one `MODEL_INCOMPLETE`. In a folder
 * without manifest (older version) the file is read unchecked. With `optional`, a file
 * that the manifest does not list and that is not there reads as undefined (a folder
 * saved without that extra file); a listed file must still be present and intact.
 */
export function readModelFolderFile(dir: string, name: string): Buffer;
export function readModelFolderFile(
  dir: string,
  name: string,
  options: { optional: true },
): Buffer | undefined;
export function readModelFolderFile(
  dir: string,
  name: string,
  options: { optional?: boolean } = {},
): Buffer | undefined {
  return readModelFile(dir, name, readManifest(dir), !options.optional);
}

/**
 * Loads a model saved by {@link saveModel}, or an ensemble saved by `saveEnsemble` (a folder
 * whose manifest lists `ensemble.json`): then every member is loaded as below and the result is
 * their `ensembleView` with the ensemble's decision rule, a `RelationModel` whose `dispose`
 * frees every member. Every file is checked against
 * `manifest.json` (size and SHA-256), and the contents against each other:
 * tensor names/shapes/dtypes against the config, finite weights, vocabulary and
 * type-list sizes, the decision rule. Any problem is a {@link ModelError} naming
 * the file: `MODEL_CORRUPT`, `MODEL_INCOMPLETE`, `LABEL_SPACE_MISMATCH`, or
 * `MODEL_UNVERIFIED` for a folder without manifest when `requireManifest` is set
 * (otherwise such a folder loads with a warning through `onWarning`).
 */
export function loadModel(dir: string, options: LoadOptions = {}): RelationModel {
  if (typeof dir !== "string" || !existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ModelError("MODEL_DIR_MISSING", "model directory does not exist", String(dir));
  }
  const manifest = readManifest(dir);
  if (manifest && isEnsembleManifest(manifest)) {
    const memberOptions = { ...options, requireManifest: true };
    return loadEnsemble(dir, manifest, (member) =>
      loadSingleModel(member, readManifest(member), memberOptions),
    );
  }
  if (
    !manifest &&
    existsSync(join(dir, ENSEMBLE_FILE)) &&
    !existsSync(join(dir, MODEL_FILES.model))
  )
    throw new ModelError(
      "MODEL_INCOMPLETE",
      `an ensemble folder without ${MANIFEST_FILE}: its save did not finish or the manifest was removed; save it again`,
      join(dir, MANIFEST_FILE),
    );
  return loadSingleModel(dir, manifest, options);
}

function loadSingleModel(
  dir: string,
  manifest: ModelManifest | undefined,
  options: LoadOptions,
): RelationModel {
  if (!manifest) {
    const message = `${dir} has no ${MANIFEST_FILE} (saved by an older version): its files cannot be checked for damage; save it again to add one`;
    if (options.requireManifest) throw new ModelError("MODEL_UNVERIFIED", message, dir);
    if (existsSync(join(dir, MODEL_FILES.model))) options.onWarning?.(message);
  }
  const files = folderReader(dir, manifest);
  const modelPath = join(dir, MODEL_FILES.model);
  const { json, config } = readModelJson(files.json(MODEL_FILES.model), modelPath);
  const decision = checkDecision(json.userDefinedMetadata?.decision, config.numLabels, modelPath);
  const labelSpace = readLabels(files.json(MODEL_FILES.labels), config, dir, options);
  const tokenizerJson = files.json(MODEL_FILES.tokenizer, false);
  const tokenizer =
    tokenizerJson === undefined
      ? undefined
      : restore(tokenizerJson, MODEL_FILES.tokenizer, join(dir, MODEL_FILES.tokenizer), (j) =>
          Tokenizer.fromJSON(j),
        );
  // a pretrained encoder's model cannot run without its wordpieces: required then
  const wordPiecesJson = files.json(MODEL_FILES.wordPieces, config.encoder?.kind === "bert");
  const wordPieces =
    wordPiecesJson === undefined
      ? undefined
      : restore(wordPiecesJson, MODEL_FILES.wordPieces, join(dir, MODEL_FILES.wordPieces), (j) =>
          WordPieceTokenizer.fromJSON(j, MODEL_FILES.wordPieces),
        );
  const typesJson = files.json(MODEL_FILES.entityTypes, false);
  const entityTypes =
    typesJson === undefined
      ? undefined
      : restore(typesJson, MODEL_FILES.entityTypes, join(dir, MODEL_FILES.entityTypes), (j) =>
          EntityTypeSpace.fromJSON(j),
        );
  const training = files.json(MODEL_FILES.training) as TrainingMetadata | null;
  if (
    training !== null &&
    (typeof training !== "object" ||
      typeof training.objective !== "string" ||
      !Number.isSafeInteger(training.epochsRun))
  )
    throw new ModelError(
      "MODEL_CORRUPT",
      "training.json is not training metadata (objective, epochsRun, ...)",
      join(dir, MODEL_FILES.training),
    );
  checkPreprocessingFields(json.userDefinedMetadata, modelPath);
  const { specs, bytes } = readWeights(json, config, dir, files);
  checkSizes(
    {
      tensors: specs,
      labels: labelSpace.size,
      ...(tokenizer ? { vocabularySize: tokenizer.vocabSize } : {}),
      ...(wordPieces ? { vocabularySize: wordPieces.vocabSize } : {}),
      ...(entityTypes ? { entityTypes: entityTypes.size } : {}),
    },
    config,
    manifest?.expect,
    (file) => join(dir, file),
  );

  const tensors = decodeTensors(new Uint8Array(bytes), specs as tf.io.WeightsManifestEntry[]);
  const params = new Map<string, tf.Variable>();
  for (const spec of paramSpecs(config))
    params.set(spec.name, tf.variable(tensors[spec.name] as tf.Tensor, spec.trainable !== false));
  tf.dispose(Object.values(tensors));
  const preprocessing: Preprocessing = {};
  if (tokenizer) preprocessing.tokenizer = tokenizer;
  if (wordPieces) preprocessing.wordPieces = wordPieces;
  if (entityTypes) preprocessing.entityTypes = entityTypes;
  const meta = json.userDefinedMetadata;
  if (meta?.maxTokens !== undefined) preprocessing.maxTokens = meta.maxTokens;
  if (meta?.schema) preprocessing.schema = meta.schema;
  if (meta?.allowedTypePairs) preprocessing.allowedTypePairs = meta.allowedTypePairs;
  const model = new RelationModel(config, params, labelSpace, preprocessing);
  model.decision = decision;
  if (training) model.metadata = training;
  try {
    attachSavedTyper(model, meta?.typerFusion, files.json(MODEL_FILES.typer, false), dir);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
