import { readFileSync } from "node:fs";
import { CheckpointError } from "./errors.js";

/** The BERT hyper-parameters this encoder needs, read from a Hugging Face `config.json`. */
export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  hiddenDropout: number;
  attentionDropout: number;
  /** Id of the padding wordpiece (`pad_token_id`, 0 for BERT vocabularies). */
  padTokenId: number;
}

/** `model_type` values this encoder implements: absolute positions, post-LN, erf GELU. */
const SUPPORTED_MODEL_TYPES = new Set(["bert"]);
/** `hidden_act` values computed exactly as Hugging Face does. */
const SUPPORTED_ACTIVATIONS = new Set(["gelu"]);

/**
 * Checks a parsed `config.json` and returns the fields this encoder uses; throws
 * `ARCHITECTURE_UNSUPPORTED` for other architectures and `CONFIG_INVALID` for bad values.
 */
export function parseBertConfig(json: unknown, file = "config.json"): BertConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new CheckpointError("CONFIG_INVALID", "not a JSON object", file);
  }
  const raw = json as Record<string, unknown>;
  const modelType = raw.model_type;
  if (typeof modelType !== "string" || !SUPPORTED_MODEL_TYPES.has(modelType)) {
    const architectures = Array.isArray(raw.architectures)
      ? ` (${raw.architectures.join(", ")})`
      : "";
    throw new CheckpointError(
      "ARCHITECTURE_UNSUPPORTED",
      `model_type ${JSON.stringify(modelType)}${architectures} is not supported; ` +
        'only BERT-architecture checkpoints (model_type "bert": BERT, PubMedBERT/BiomedBERT, BioBERT, SciBERT) are',
      file,
    );
  }
  const activation = raw.hidden_act ?? "gelu";
  if (typeof activation !== "string" || !SUPPORTED_ACTIVATIONS.has(activation)) {
    throw new CheckpointError(
      "ARCHITECTURE_UNSUPPORTED",
      `hidden_act ${JSON.stringify(activation)} is not supported (only "gelu", the erf form)`,
      file,
    );
  }
  const positions = raw.position_embedding_type ?? "absolute";
  if (positions !== "absolute") {
    throw new CheckpointError(
      "ARCHITECTURE_UNSUPPORTED",
      `position_embedding_type ${JSON.stringify(positions)} is not supported (only "absolute")`,
      file,
    );
  }
  if (raw.is_decoder === true || raw.add_cross_attention === true) {
    throw new CheckpointError(
      "ARCHITECTURE_UNSUPPORTED",
      "decoder / cross-attention BERT configs are not supported (encoders only)",
      file,
    );
  }
  const integer = (key: string, fallback?: number, min = 1): number => {
    const value = raw[key] ?? fallback;
    if (!Number.isSafeInteger(value) || (value as number) < min) {
      throw new CheckpointError(
        "CONFIG_INVALID",
        `"${key}" must be an integer >= ${min} (got ${JSON.stringify(raw[key])})`,
        file,
      );
    }
    return value as number;
  };
  const fraction = (key: string, fallback: number, lo: number, hi: number): number => {
    const value = raw[key] ?? fallback;
    if (typeof value !== "number" || !(value >= lo && value < hi)) {
      throw new CheckpointError(
        "CONFIG_INVALID",
        `"${key}" must be a number in [${lo}, ${hi}) (got ${JSON.stringify(raw[key])})`,
        file,
      );
    }
    return value;
  };
  const config: BertConfig = {
    vocabSize: integer("vocab_size"),
    hiddenSize: integer("hidden_size"),
    numLayers: integer("num_hidden_layers"),
    numHeads: integer("num_attention_heads"),
    intermediateSize: integer("intermediate_size"),
    maxPositions: integer("max_position_embeddings", undefined, 3),
    typeVocabSize: integer("type_vocab_size", 2),
    layerNormEps: fraction("layer_norm_eps", 1e-12, 0, 1),
    hiddenDropout: fraction("hidden_dropout_prob", 0.1, 0, 1),
    attentionDropout: fraction("attention_probs_dropout_prob", 0.1, 0, 1),
    padTokenId: integer("pad_token_id", 0, 0),
  };
  if (config.hiddenSize % config.numHeads !== 0) {
    throw new CheckpointError(
      "CONFIG_INVALID",
      `hidden_size ${config.hiddenSize} is not a multiple of num_attention_heads ${config.numHeads}`,
      file,
    );
  }
  return config;
}

/** Reads and checks a `config.json` file. */
export function readBertConfig(path: string): BertConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CheckpointError(
      "CHECKPOINT_FILE_MISSING",
      `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      path,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError("CONFIG_INVALID", `not JSON (${(error as Error).message})`, path);
  }
  return parseBertConfig(json, path);
}
