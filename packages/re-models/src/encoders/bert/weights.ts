import type { BertConfig } from "./config.js";
import { CheckpointError } from "./errors.js";
import { type SafetensorsFile, toFloat32 } from "./safetensors.js";

/** Prefix of every BERT parameter inside a relation model's parameter store. */
export const BERT_PARAM_PREFIX = "encoder/bert/";

/** One BERT parameter: our name, the Hugging Face name (without `bert.`), shape, and whether HF stores it transposed. */
export interface BertParamSpec {
  name: string;
  hfName: string;
  shape: number[];
  /** PyTorch `nn.Linear` keeps [out, in]; we keep [in, out] for `x @ W`. */
  transposed: boolean;
  /** Layer index, or -1 for the embeddings (used by layer freezing). */
  layer: number;
}

/** Every parameter a config implies, in a fixed order (embeddings, then layer by layer). */
export function bertParamSpecs(config: BertConfig): BertParamSpec[] {
  const h = config.hiddenSize;
  const p = BERT_PARAM_PREFIX;
  const specs: BertParamSpec[] = [
    spec(`${p}embeddings/word`, "embeddings.word_embeddings.weight", [config.vocabSize, h], -1),
    spec(
      `${p}embeddings/position`,
      "embeddings.position_embeddings.weight",
      [config.maxPositions, h],
      -1,
    ),
    spec(
      `${p}embeddings/token_type`,
      "embeddings.token_type_embeddings.weight",
      [config.typeVocabSize, h],
      -1,
    ),
    spec(`${p}embeddings/norm_gamma`, "embeddings.LayerNorm.weight", [h], -1),
    spec(`${p}embeddings/norm_beta`, "embeddings.LayerNorm.bias", [h], -1),
  ];
  for (let i = 0; i < config.numLayers; i++) {
    const ours = `${p}layer_${i}/`;
    const hf = `encoder.layer.${i}.`;
    const linear = (name: string, hfName: string, inDim: number, outDim: number) => {
      specs.push(
        {
          name: `${ours}${name}_kernel`,
          hfName: `${hf}${hfName}.weight`,
          shape: [inDim, outDim],
          transposed: true,
          layer: i,
        },
        spec(`${ours}${name}_bias`, `${hf}${hfName}.bias`, [outDim], i),
      );
    };
    linear("attention/query", "attention.self.query", h, h);
    linear("attention/key", "attention.self.key", h, h);
    linear("attention/value", "attention.self.value", h, h);
    linear("attention/output", "attention.output.dense", h, h);
    specs.push(
      spec(`${ours}attention/norm_gamma`, `${hf}attention.output.LayerNorm.weight`, [h], i),
      spec(`${ours}attention/norm_beta`, `${hf}attention.output.LayerNorm.bias`, [h], i),
    );
    linear("ffn/in", "intermediate.dense", h, config.intermediateSize);
    linear("ffn/out", "output.dense", config.intermediateSize, h);
    specs.push(
      spec(`${ours}ffn/norm_gamma`, `${hf}output.LayerNorm.weight`, [h], i),
      spec(`${ours}ffn/norm_beta`, `${hf}output.LayerNorm.bias`, [h], i),
    );
  }
  return specs;
}

function spec(name: string, hfName: string, shape: number[], layer: number): BertParamSpec {
  return { name, hfName, shape, transposed: false, layer };
}

/** Names a tensor may have in a checkpoint: with or without the `bert.` prefix, LayerNorm as weight/bias or gamma/beta. */
function candidateNames(hfName: string): string[] {
  const legacy = hfName
    .replace(/LayerNorm\.weight$/, "LayerNorm.gamma")
    .replace(/LayerNorm\.bias$/, "LayerNorm.beta");
  const names = [hfName, `bert.${hfName}`];
  if (legacy !== hfName) names.push(legacy, `bert.${legacy}`);
  return names;
}

/** A weight as float32 values in our layout. */
export interface WeightValue {
  shape: number[];
  data: Float32Array;
}

/**
 * Takes every BERT weight out of a parsed safetensors file, checking each shape against
 * `config.json`; Linear kernels are transposed to [in, out]. Unused tensors (pooler, MLM
 * head, `position_ids` buffers) are ignored.
 */
export function extractBertWeights(
  file: SafetensorsFile,
  config: BertConfig,
  fileName: string,
): Map<string, WeightValue> {
  const out = new Map<string, WeightValue>();
  for (const s of bertParamSpecs(config)) {
    const found = candidateNames(s.hfName).find((n) => file.tensors.has(n));
    if (found === undefined) {
      throw new CheckpointError(
        "WEIGHT_SHAPE_MISMATCH",
        `tensor "${s.hfName}" (or "bert.${s.hfName}") is missing; is this a BERT checkpoint matching config.json?`,
        fileName,
      );
    }
    const entry = file.tensors.get(found)!;
    const stored = s.transposed ? [s.shape[1]!, s.shape[0]!] : s.shape;
    if (entry.shape.length !== stored.length || entry.shape.some((d, i) => d !== stored[i])) {
      const hint =
        s.hfName === "embeddings.word_embeddings.weight"
          ? ` (config.json says vocab_size ${config.vocabSize}, hidden_size ${config.hiddenSize})`
          : " (from config.json)";
      throw new CheckpointError(
        s.hfName === "embeddings.word_embeddings.weight" && entry.shape[1] === config.hiddenSize
          ? "VOCAB_MISMATCH"
          : "WEIGHT_SHAPE_MISMATCH",
        `tensor "${found}" has shape [${entry.shape.join(", ")}], expected [${stored.join(", ")}]${hint}`,
        fileName,
      );
    }
    const values = toFloat32(entry, found, fileName);
    out.set(s.name, {
      shape: s.shape,
      data: s.transposed ? transpose(values, stored[0]!, stored[1]!) : values,
    });
  }
  return out;
}

/** Row-major [rows, cols] -> [cols, rows]. */
function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  }
  return out;
}
