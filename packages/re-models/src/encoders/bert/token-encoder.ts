import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../../config.js";
import { ModelError } from "../../errors.js";
import type { ParamSpec } from "../../model/params.js";
import type { TokenEncoder, TokenEncoderSpec } from "../../model/token-encoder.js";
import type { BertConfig } from "./config.js";
import { bertHiddenStates } from "./encoder.js";
import { bertParamSpecs } from "./weights.js";
import { type FrameIds, mergeWindows, planWindows } from "./windows.js";

/** The saved spec of a BERT-family token encoder (`ModelConfig.encoder`). */
export interface BertEncoderSpec extends TokenEncoderSpec {
  kind: "bert";
  /** The checkpoint's architecture (`config.json`); its `vocabSize` is the checkpoint's. */
  bert: BertConfig;
  /** Rows of the word-embedding matrix: the checkpoint's vocabulary plus added entity markers. */
  vocabSize: number;
  /** Ids of [CLS], [SEP] and [PAD]. */
  frame: FrameIds;
  /** Documents longer than `maxPositions - 2` wordpieces are read in windows this far apart. */
  windowStride: number;
  /** The embeddings and the first `freezeLayers` layers are not trained (0 = all trained). */
  freezeLayers: number;
  /** Where the weights came from (informational). */
  source?: string;
}

/** Checks a saved spec's fields (they come from a model folder). */
function checkSpec(spec: TokenEncoderSpec): BertEncoderSpec {
  const s = spec as BertEncoderSpec;
  const bad = (field: string) =>
    new ModelError("INVALID_CONFIG", `config.encoder.${field} is missing or invalid`);
  if (typeof s.bert !== "object" || s.bert === null) throw bad("bert");
  for (const key of [
    "hiddenSize",
    "numLayers",
    "numHeads",
    "intermediateSize",
    "maxPositions",
    "typeVocabSize",
  ] as const) {
    if (!Number.isSafeInteger(s.bert[key]) || s.bert[key] < 1) throw bad(`bert.${key}`);
  }
  if (!Number.isSafeInteger(s.vocabSize) || s.vocabSize < s.bert.vocabSize) throw bad("vocabSize");
  if (
    !Number.isSafeInteger(s.windowStride) ||
    s.windowStride < 1 ||
    s.windowStride > s.bert.maxPositions - 2
  )
    throw bad("windowStride");
  if (
    !Number.isSafeInteger(s.freezeLayers) ||
    s.freezeLayers < 0 ||
    s.freezeLayers > s.bert.numLayers
  )
    throw bad("freezeLayers");
  for (const key of ["cls", "sep", "pad"] as const) {
    if (!Number.isSafeInteger(s.frame?.[key]) || s.frame[key] < 0 || s.frame[key] >= s.vocabSize)
      throw bad(`frame.${key}`);
  }
  return s;
}

/**
 * A BERT-family encoder as a relation model's token encoder: documents are framed into
 * [CLS] ... [SEP] windows of at most `maxPositions` wordpieces, read by BERT, and merged
 * back to one state per document wordpiece (the mean where windows overlap).
 */
export function bertTokenEncoder(input: TokenEncoderSpec, modelConfig: ModelConfig): TokenEncoder {
  const spec = checkSpec(input);
  const bert: BertConfig = { ...spec.bert, vocabSize: spec.vocabSize };
  if (modelConfig.vocabSize !== spec.vocabSize) {
    throw new ModelError(
      "INVALID_CONFIG",
      `config.vocabSize ${modelConfig.vocabSize} differs from the BERT encoder's ${spec.vocabSize} wordpieces`,
    );
  }
  return {
    width: bert.hiddenSize,
    paramSpecs: (): ParamSpec[] =>
      bertParamSpecs(bert).map((p) => ({
        name: p.name,
        shape: p.shape,
        init: p.name.endsWith("_gamma")
          ? "ones"
          : p.name.includes("/embeddings/")
            ? "embedding"
            : p.name.endsWith("_kernel")
              ? "glorot"
              : "zeros",
        trainable: spec.freezeLayers === 0 || p.layer >= spec.freezeLayers,
      })),
    encode: (param, batch, dropoutSeed) => {
      const { batchSize: b, maxTokens: t, tokenIds, tokenMask } = batch.arrays;
      const lengths = new Int32Array(b);
      for (let row = 0; row < b; row++) {
        let n = 0;
        while (n < t && tokenMask[row * t + n] === 1) n++;
        lengths[row] = n;
      }
      const plan = planWindows(
        tokenIds,
        lengths,
        t,
        bert.maxPositions,
        spec.windowStride,
        spec.frame,
      );
      const states = bertHiddenStates(
        param,
        bert,
        tf.tensor2d(plan.ids, [plan.numWindows, plan.width], "int32"),
        tf.tensor2d(plan.mask, [plan.numWindows, plan.width]),
        dropoutSeed === undefined ? undefined : { seed: dropoutSeed },
      );
      return mergeWindows(states, plan, b, t);
    },
  };
}
