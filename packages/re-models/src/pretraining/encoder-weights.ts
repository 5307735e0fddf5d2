import { createHash } from "node:crypto";
import type { Tokenizer } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import { readSafetensors, toFloat32, writeSafetensors } from "../encoders/bert/safetensors.js";
import { convTokenEncoder } from "../model/conv-encoder.js";
import type { RelationModel } from "../model/relation-model.js";
import { PretrainingError } from "./errors.js";
import { TOKEN_EMBEDDING_PARAM } from "./initialize.js";

/** `format` of a saved conv token encoder (safetensors `__metadata__`). */
export const TOKEN_ENCODER_FORMAT = "biore-conv-encoder";

/** The built-in conv token encoder's parameters, with what they must fit. */
export interface TokenEncoderWeights {
  /** Parameter name -> shape and values (the names of `convTokenEncoder`'s parameters). */
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
  /** Vocabulary fingerprint of the tokenizer the ids come from (null when the model had none). */
  vocabulary: string | null;
  /** Free-form provenance (how it was pre-trained), saved beside the weights. */
  info: Record<string, string>;
}

/** A short fingerprint of a tokenizer's vocabulary: equal ids mean equal fingerprints. */
export function vocabularyFingerprint(tokenizer: Tokenizer): string {
  return createHash("sha256")
    .update(JSON.stringify(tokenizer.toJSON().vocab))
    .digest("hex")
    .slice(0, 16);
}

/** Copies of a model's conv-encoder parameters (throws `NOT_CONV_ENCODER` for another encoder). */
export function tokenEncoderWeights(
  model: RelationModel,
  info: Record<string, string> = {},
): TokenEncoderWeights {
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const name of convParamNames(model)) {
    const v = model.params.get(name) as tf.Variable;
    tensors.set(name, { shape: [...v.shape], data: new Float32Array(v.dataSync()) });
  }
  const tokenizer = model.preprocessing.tokenizer;
  return { tensors, vocabulary: tokenizer ? vocabularyFingerprint(tokenizer) : null, info };
}

/** Writes a model's conv-encoder parameters to one safetensors file, atomically. */
export function saveTokenEncoder(
  model: RelationModel,
  path: string,
  info: Record<string, string> = {},
): void {
  const weights = tokenEncoderWeights(model, info);
  writeSafetensors(path, weights.tensors, {
    ...info,
    format: TOKEN_ENCODER_FORMAT,
    version: "1",
    ...(weights.vocabulary ? { vocabulary: weights.vocabulary } : {}),
  });
}

/** Reads a file written by {@link saveTokenEncoder}; `ENCODER_WEIGHTS_MISSING` / `_INVALID` otherwise. */
export function loadTokenEncoderWeights(path: string): TokenEncoderWeights {
  let file: ReturnType<typeof readSafetensors>;
  try {
    file = readSafetensors(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new PretrainingError(
      code === "CHECKPOINT_FILE_MISSING" ? "ENCODER_WEIGHTS_MISSING" : "ENCODER_WEIGHTS_INVALID",
      (error as Error).message,
      path,
    );
  }
  const { format, version, vocabulary, ...info } = file.metadata;
  if (format !== TOKEN_ENCODER_FORMAT || version !== "1")
    throw new PretrainingError(
      "ENCODER_WEIGHTS_INVALID",
      `not a ${TOKEN_ENCODER_FORMAT} v1 file (format ${format ?? "missing"}, version ${version ?? "missing"})`,
      path,
    );
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, entry] of file.tensors) {
    try {
      tensors.set(name, { shape: entry.shape, data: toFloat32(entry, name, path) });
    } catch (error) {
      throw new PretrainingError("ENCODER_WEIGHTS_INVALID", (error as Error).message, path);
    }
  }
  return { tensors, vocabulary: vocabulary ?? null, info };
}

/** Options of {@link initializeTokenEncoder}. */
export interface InitializeEncoderOptions {
  /** Parameters left as the model has them (e.g. `embedding/tokens` to keep other vectors). */
  skip?: Iterable<string>;
}

/**
 * Starts a relation model's conv token encoder from saved weights (e.g. masked-token
 * pre-training), before `train`. Every encoder parameter must be present with the model's
 * shape and the weights' vocabulary must be the model tokenizer's; otherwise nothing is
 * changed and a `PretrainingError` says what differs: `NOT_CONV_ENCODER`, `VOCAB_MISMATCH`
 * (another tokenizer, or another vocabulary size), `SHAPE_MISMATCH` (another width or depth).
 * Returns the names it set.
 */
export function initializeTokenEncoder(
  model: RelationModel,
  weights: TokenEncoderWeights,
  options: InitializeEncoderOptions = {},
): string[] {
  const names = convParamNames(model);
  const tokenizer = model.preprocessing.tokenizer;
  if (tokenizer && weights.vocabulary && weights.vocabulary !== vocabularyFingerprint(tokenizer))
    throw new PretrainingError(
      "VOCAB_MISMATCH",
      `the encoder was pre-trained with another tokenizer vocabulary (${weights.vocabulary}, the model's ${vocabularyFingerprint(tokenizer)}): its token ids mean other words`,
      "vocabulary",
    );
  const tokens = weights.tensors.get(TOKEN_EMBEDDING_PARAM);
  if (tokens && tokens.shape[0] !== model.config.vocabSize)
    throw new PretrainingError(
      "VOCAB_MISMATCH",
      `the encoder's token table has ${tokens.shape[0]} rows, the model's vocabulary ${model.config.vocabSize}`,
      TOKEN_EMBEDDING_PARAM,
    );
  const expected = new Set(names);
  for (const name of weights.tensors.keys())
    if (!expected.has(name))
      throw new PretrainingError(
        "SHAPE_MISMATCH",
        `the weights hold "${name}", which this model's encoder does not have (another depth or encoder?)`,
        name,
      );
  for (const name of names) {
    const saved = weights.tensors.get(name);
    const shape = (model.params.get(name) as tf.Variable).shape;
    if (!saved)
      throw new PretrainingError(
        "SHAPE_MISMATCH",
        `the weights lack "${name}" (another depth?)`,
        name,
      );
    if (saved.shape.length !== shape.length || saved.shape.some((d, i) => d !== shape[i]))
      throw new PretrainingError(
        "SHAPE_MISMATCH",
        `"${name}" is [${saved.shape.join(", ")}] in the weights, [${shape.join(", ")}] in the model`,
        name,
      );
  }
  const skip = new Set(options.skip ?? []);
  const set = names.filter((name) => !skip.has(name));
  for (const name of set) {
    const { shape, data } = weights.tensors.get(name) as { shape: number[]; data: Float32Array };
    const value = tf.tensor(data, shape, "float32");
    (model.params.get(name) as tf.Variable).assign(value);
    value.dispose();
  }
  return set;
}

function convParamNames(model: RelationModel): string[] {
  if (model.config.encoder)
    throw new PretrainingError(
      "NOT_CONV_ENCODER",
      `only the built-in conv token encoder is handled; this model uses "${model.config.encoder.kind}"`,
      "config.encoder",
    );
  return convTokenEncoder(model.config)
    .paramSpecs()
    .map((s) => s.name);
}
