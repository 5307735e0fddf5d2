import type * as tf from "@tensorflow/tfjs-core";
import type { RelationSchema } from "@biore/relation-dataset";
import type { ModelConfig } from "../config.js";
import type { DecisionRule } from "../model/relation-model.js";
import type { TyperFusion } from "../typer/fusion.js";
import { ENSEMBLE_FILE } from "./ensemble-format.js";
import { MANIFEST_FILE } from "./model-manifest.js";

/** The `format` field of our model.json. */
export const MODEL_FORMAT = "biore-relation-model";
export const FORMAT_VERSION = 1;

/** File names inside a saved model directory. */
export const MODEL_FILES = {
  model: "model.json",
  weights: "weights.bin",
  labels: "labels.json",
  tokenizer: "tokenizer.json",
  /** A pretrained encoder's WordPiece tokenizer (`{tokenizer, config}` as Hugging Face writes them). */
  wordPieces: "wordpieces.json",
  entityTypes: "entity-types.json",
  training: "training.json",
  /** A linear typer fused into the type logits (`RelationModel.attachTyper`), when there is one. */
  typer: "typer.json",
  manifest: MANIFEST_FILE,
  /** A saved ensemble's description (`saveEnsemble`); its members sit in `member-1` … folders. */
  ensemble: ENSEMBLE_FILE,
} as const;

/** What model.json holds (tfjs's layout plus our topology and decision metadata). */
export interface ModelJson {
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
    /** How the typer in typer.json is fused; present exactly when that file is. */
    typerFusion?: Required<TyperFusion>;
  };
}
