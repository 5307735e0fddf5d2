import type * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import { bertTokenEncoder } from "../encoders/bert/token-encoder.js";
import { ModelError } from "../errors.js";
import type { BatchTensors } from "./batch-inputs.js";
import { convTokenEncoder } from "./conv-encoder.js";
import type { ParamSpec } from "./params.js";

/**
 * Which token encoder a model uses, saved in its config: `kind` names a registered
 * encoder, the rest is that encoder's own JSON. Absent = the built-in convolutional one.
 */
export interface TokenEncoderSpec {
  kind: string;
  [key: string]: unknown;
}

/**
 * The seam between documents and relations: maps a padded batch of encoded documents to
 * token states [B, T, width] (zeros on padding). Mention and concept pooling, pair
 * representation, heads, HNM, save/load and predict are built on top and never look inside.
 */
export interface TokenEncoder {
  /** Width of the token states (the model's `hiddenDim` must equal it). */
  readonly width: number;
  /** The parameters this encoder owns, in a fixed order (saved and trained with the model's). */
  paramSpecs(): ParamSpec[];
  /**
   * Token states of a batch. `param` looks parameters up by name; dropout is on when
   * `dropoutSeed` is given (training). Runs inside the caller's `tf.tidy` / gradient function.
   */
  encode(
    param: (name: string) => tf.Tensor,
    batch: BatchTensors,
    dropoutSeed: number | undefined,
  ): tf.Tensor3D;
}

/** Builds an encoder from its saved spec and the model's config. */
export type TokenEncoderFactory = (spec: TokenEncoderSpec, config: ModelConfig) => TokenEncoder;

const factories = new Map<string, TokenEncoderFactory>([["bert", bertTokenEncoder]]);

/**
 * Makes an encoder kind available to `createModel` (via `shape.encoder`) and `loadModel`.
 * Register a user encoder before loading a model saved with it.
 */
export function registerTokenEncoder(kind: string, factory: TokenEncoderFactory): void {
  factories.set(kind, factory);
}

/** The encoder of a config with an `encoder` spec; throws INVALID_CONFIG for an unknown kind. */
export function tokenEncoderFor(spec: TokenEncoderSpec, config: ModelConfig): TokenEncoder {
  const factory = factories.get(spec.kind);
  if (!factory) {
    throw new ModelError(
      "INVALID_CONFIG",
      `unknown token encoder "${spec.kind}"; known: ${["conv", ...factories.keys()].join(", ")} (register others with registerTokenEncoder)`,
    );
  }
  return factory(spec, config);
}

/** The token encoder of a model: its `encoder` spec's, else the built-in convolutional one. */
export function tokenEncoderOf(config: ModelConfig): TokenEncoder {
  if (!config.encoder) return convTokenEncoder(config);
  const encoder = tokenEncoderFor(config.encoder, config);
  if (encoder.width !== config.hiddenDim) {
    throw new ModelError(
      "INVALID_CONFIG",
      `config.hiddenDim ${config.hiddenDim} differs from the ${config.encoder.kind} encoder's width ${encoder.width}`,
    );
  }
  return encoder;
}
