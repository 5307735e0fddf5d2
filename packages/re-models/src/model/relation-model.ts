import type {
  EncodedDocument,
  EntityTypeSpace,
  LabelSpace,
  RelationSchema,
  Tokenizer,
} from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import type { WordPieceTokenizer } from "../encoders/bert/tokenizer.js";
import { buildBatchArrays, batchTensors, disposeBatchTensors } from "./batch-inputs.js";
import { forward } from "./network.js";
import { validateDocuments } from "./validate-input.js";
import type { ParamStore } from "./params.js";

/** How raw scores become decisions; tuned on held-out data by the trainer. */
export interface DecisionRule {
  /** A pair is a relation when (best type logit - None logit) > noneBias. */
  noneBias: number;
  /**
   * Optional per-label offsets added to the type logits before the best type is
   * picked (index = label id; index 0, None, is ignored). Tuned on held-out data
   * by `tuneTypeBiases` to undo a type head's pull towards frequent types.
   */
  typeBias?: number[];
  /** A relation is `Novel` when sigmoid(novelty logit) > noveltyThreshold. */
  noveltyThreshold: number;
}

/** What training recorded about itself; saved with the model. */
export interface TrainingMetadata {
  objective: string;
  seed: number;
  epochsRun: number;
  bestEpoch: number;
  bestValidationF1: number | null;
  trainDocuments: number;
  validationDocuments: number;
  /** Any further options worth keeping (JSON-serializable). */
  options: Record<string, unknown>;
  finishedAt: string;
}

/** The preprocessing a model was trained with (relation-dataset objects, kept for predict and save). */
export interface Preprocessing {
  tokenizer?: Tokenizer;
  entityTypes?: EntityTypeSpace;
  /** Corpus conventions (identifier/type infon keys, relation arguments). */
  schema?: RelationSchema;
  /** Token limit used when encoding documents. */
  maxTokens?: number;
  /** Entity-type pairs (`typePairKey`) that become candidates; all pairs when absent. */
  allowedTypePairs?: string[];
  /** A pretrained encoder's WordPiece tokenizer (entity markers included), used instead of `tokenizer`. */
  wordPieces?: WordPieceTokenizer;
}

/** Raw scores of every candidate pair of some documents, in document then pair order. */
export interface PairScores {
  numPairs: number;
  numLabels: number;
  /** [P * L] relation logits. */
  relationLogits: Float32Array;
  /** [P] novelty logits. */
  noveltyLogits: Float32Array;
  /** [P * D] pair embeddings, when asked for. */
  embeddings?: Float32Array;
  embeddingDim: number;
  /** [P] gold label ids and novelty ids from the encoded documents. */
  labelIds: Int32Array;
  novelIds: Int32Array;
}

/** A document-level relation model: parameters, config, label space and decision rule. */
export class RelationModel {
  /** Decision rule for `None` and novelty (defaults until tuned). */
  decision: DecisionRule = { noneBias: 0, noveltyThreshold: 0.5 };
  /** Set by training or loading. */
  metadata: TrainingMetadata | undefined;

  constructor(
    readonly config: ModelConfig,
    readonly params: ParamStore,
    readonly labelSpace: LabelSpace,
    readonly preprocessing: Preprocessing = {},
  ) {}

  /** Parameter names in their fixed order. */
  get paramNames(): string[] {
    return [...this.params.keys()];
  }

  /** Total number of scalar parameters. */
  get parameterCount(): number {
    let total = 0;
    for (const v of this.params.values()) total += v.size;
    return total;
  }

  /**
   * Scores every candidate pair of the documents (no dropout), `batchSize` documents at a time
   * (default 8: on the cpu backend larger batches cost more per document, since the pair-sentence
   * mask grows with batch size squared and big intermediates strain memory).
   */
  score(
    documents: readonly EncodedDocument[],
    options: {
      batchSize?: number;
      embeddings?: boolean;
      /** Which vectors `embeddings` holds: the pair embedding (default) or the contrastive projection. */
      embeddingSpace?: "pair" | "projection";
    } = {},
  ): PairScores {
    validateDocuments(this.config, documents);
    const batchSize = options.batchSize ?? 8;
    const numLabels = this.config.numLabels;
    const projection = options.embeddingSpace === "projection";
    const width = projection ? this.config.projectionDim : this.config.pairEmbeddingDim;
    const total = documents.reduce((sum, d) => sum + d.pairHead.length, 0);
    const out: PairScores = {
      numPairs: total,
      numLabels,
      relationLogits: new Float32Array(total * numLabels),
      noveltyLogits: new Float32Array(total),
      embeddingDim: width,
      labelIds: new Int32Array(total),
      novelIds: new Int32Array(total),
    };
    if (options.embeddings) out.embeddings = new Float32Array(total * width);
    // Where each document's pairs go in the output (input order)...
    const start = new Int32Array(documents.length);
    for (let d = 1; d < documents.length; d++) {
      start[d] = (start[d - 1] as number) + (documents[d - 1] as EncodedDocument).pairHead.length;
    }
    // ...while batches are formed from length-sorted documents, so little is padding.
    const order = documents
      .map((_, d) => d)
      .filter((d) => (documents[d] as EncodedDocument).pairHead.length > 0)
      .sort(
        (a, b) =>
          (documents[a] as EncodedDocument).tokenIds.length -
          (documents[b] as EncodedDocument).tokenIds.length,
      );
    for (let i = 0; i < order.length; i += batchSize) {
      const ids = order.slice(i, i + batchSize);
      const docs = ids.map((d) => documents[d] as EncodedDocument);
      const arrays = buildBatchArrays(docs, this.config.numEntityTypes);
      const batch = batchTensors(arrays, this.config.numEntityTypes, this.config.embeddingDim);
      const [logits, novelty, embedding] = tf.tidy(() => {
        const result = forward(this.params, this.config, batch, { withProjection: projection });
        return [
          result.relationLogits,
          result.noveltyLogits,
          projection && result.projection ? result.projection : result.pairEmbedding,
        ];
      });
      const logitValues = logits.dataSync();
      const noveltyValues = novelty.dataSync();
      const embeddingValues = out.embeddings ? embedding.dataSync() : undefined;
      let row = 0;
      for (const d of ids) {
        const count = (documents[d] as EncodedDocument).pairHead.length;
        const at = start[d] as number;
        out.relationLogits.set(
          logitValues.subarray(row * numLabels, (row + count) * numLabels),
          at * numLabels,
        );
        out.noveltyLogits.set(noveltyValues.subarray(row, row + count), at);
        if (out.embeddings && embeddingValues) {
          out.embeddings.set(
            embeddingValues.subarray(row * width, (row + count) * width),
            at * width,
          );
        }
        out.labelIds.set(arrays.labelIds.subarray(row, row + count), at);
        out.novelIds.set(arrays.novelIds.subarray(row, row + count), at);
        row += count;
      }
      tf.dispose([logits, novelty, embedding]);
      disposeBatchTensors(batch);
    }
    return out;
  }

  /** Copies of every parameter, by name (the caller disposes them). */
  snapshot(): Map<string, tf.Tensor> {
    const copy = new Map<string, tf.Tensor>();
    for (const [name, v] of this.params) copy.set(name, tf.clone(v));
    return copy;
  }

  /** Sets parameters from named values of matching shapes. */
  assign(values: ReadonlyMap<string, tf.Tensor> | Record<string, tf.Tensor>): void {
    const get = (name: string) =>
      values instanceof Map ? values.get(name) : (values as Record<string, tf.Tensor>)[name];
    for (const [name, v] of this.params) {
      const value = get(name);
      if (!value) throw new Error(`no value for parameter ${name}`);
      v.assign(value);
    }
  }

  /** Frees the parameters; the model is unusable afterwards. */
  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}
