import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { type BertConfig, readBertConfig } from "./config.js";
import { CheckpointError, WEIGHTS_HINT } from "./errors.js";
import { readSafetensors } from "./safetensors.js";
import { type WeightValue, extractBertWeights } from "./weights.js";

/** A BERT checkpoint read from a local Hugging Face folder: config and weights in our layout. */
export interface BertCheckpoint {
  folder: string;
  config: BertConfig;
  /** Every encoder weight by parameter name (`bertParamSpecs`), float32, kernels as [in, out]. */
  weights: Map<string, WeightValue>;
}

const CONVERT_HINT =
  "convert it once with Python: `from transformers import AutoModel; " +
  "AutoModel.from_pretrained(folder).save_pretrained(folder, safe_serialization=True)` " +
  "(no maintained JavaScript reader of PyTorch pickles exists, and unpickling runs code)";

/** Path of a required file in the folder, or a clear error naming it. */
export function requireFile(folder: string, name: string): string {
  const path = join(folder, name);
  if (!existsSync(path)) {
    throw new CheckpointError("CHECKPOINT_FILE_MISSING", `missing ${name}; ${WEIGHTS_HINT}`, path);
  }
  return path;
}

/**
 * Reads `config.json` and `model.safetensors` of a local checkpoint folder, checking the
 * architecture and every weight's shape. Nothing is downloaded.
 */
export function readBertCheckpoint(folder: string): BertCheckpoint {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CheckpointError("CHECKPOINT_FILE_MISSING", `not a folder; ${WEIGHTS_HINT}`, folder);
  }
  const config = readBertConfig(requireFile(folder, "config.json"));
  const weightsPath = join(folder, "model.safetensors");
  if (!existsSync(weightsPath)) {
    if (existsSync(join(folder, "pytorch_model.bin"))) {
      throw new CheckpointError(
        "PYTORCH_BIN_UNSUPPORTED",
        `only pytorch_model.bin is present; model.safetensors is needed: ${CONVERT_HINT}`,
        join(folder, "pytorch_model.bin"),
      );
    }
    if (existsSync(join(folder, "model.safetensors.index.json"))) {
      throw new CheckpointError(
        "SAFETENSORS_INVALID",
        "sharded safetensors are not supported; save the model as one model.safetensors",
        join(folder, "model.safetensors.index.json"),
      );
    }
    requireFile(folder, "model.safetensors");
  }
  const weights = extractBertWeights(readSafetensors(weightsPath), config, weightsPath);
  return { folder, config, weights };
}
