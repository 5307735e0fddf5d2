import type {
  EncodedDocument,
  EntityTypeSpace,
  LabelSpace,
  RelationSchema,
  Tokenizer,
} from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import { ModelError } from "../errors.js";
import { type TyperFusion, checkTyperFusion, fuseTyperScores } from "../typer/fusion.js";
import type { TyperInputs } from "../typer/inputs.js";
import type { LinearTyper } from "../typer/linear-typer.js";
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

/** A linear typer fused into a model's type logits, and how (see `RelationModel.attachTyper`). */
export interface AttachedTyper {
  typer: LinearTyper;
  fusion: Required<TyperFusion>;
}

/** Options of `RelationModel.score`. */
export interface ScoreOptions {
  batchSize?: number;
  embeddings?: boolean;
  /** Which vectors `embeddings` holds: the pair embedding (default) or the contrastive projection. */
  embeddingSpace?: "pair" | "projection";
  /** The attached typer's inputs for these documents (`typerInputs`), required while one is attached. */
  typer?: TyperInputs;
  /** The network's scores alone, even with a typer attached (embeddings, diagnostics). */
  networkOnly?: boolean;
}

/** A document-level relation model: parameters, config, label space and decision rule. */
export class RelationModel {
  /** Decision rule for `None` and novelty (defaults until tuned). */
  decision: DecisionRule = { noneBias: 0, noveltyThreshold: 0.5 };
  /** Set by training or loading. */
  metadata: TrainingMetadata | undefined;
  /** A linear typer whose log-probabilities join the type logits; none by default. */
  typer: AttachedTyper | undefined;

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
  score(documents: readonly EncodedDocument[], options: ScoreOptions = {}): PairScores {
    validateDocuments(this.config, documents);
    // refuse before the forward pass: scores without the typer would not fit the decision rule
    if (!options.networkOnly) this.typerInputsFor(options.typer);
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
    return options.networkOnly ? out : this.fuseTyper(out, options.typer);
  }

  /**
   * Fuses a fitted linear typer into this model's scores from now on: each type logit the
   * network allows becomes logit + w x log p_typer(type) (None untouched), in `score`,
   * `predict` and everything built on them. Re-tune the decision rule on held-out scores
   * afterwards (`tuneDecisionRule`): the old None bias was tuned without the typer. Saved and
   * loaded with the model (typer.json).
   */
  attachTyper(typer: LinearTyper, fusion: TyperFusion): void {
    checkTyperFusion(fusion);
    if (typer.labels.join("\u0000") !== this.labelSpace.labels.join("\u0000"))
      throw new ModelError(
        "LABEL_SPACE_MISMATCH",
        `the typer's labels [${typer.labels.join(", ")}] differ from the model's [${this.labelSpace.labels.join(", ")}]`,
      );
    this.typer = {
      typer,
      fusion: {
        weight: fusion.weight,
        evidence: fusion.evidence === true,
        typesOnly: fusion.typesOnly === true,
      },
    };
  }

  /** Back to the network's scores alone. */
  detachTyper(): void {
    this.typer = undefined;
  }

  /** Whether `score` needs typer inputs (a typer with a weight above 0 is attached). */
  get readsTyperInputs(): boolean {
    return this.typer !== undefined && this.typer.fusion.weight > 0;
  }

  /** The scores with the attached typer's terms (unchanged without a typer or at weight 0). */
  fuseTyper(scores: PairScores, inputs: TyperInputs | undefined): PairScores {
    const checked = this.typerInputsFor(inputs);
    if (!checked || !this.typer) return scores;
    return fuseTyperScores(scores, this.typer.typer, checked, this.typer.fusion);
  }

  private typerInputsFor(inputs: TyperInputs | undefined): TyperInputs | undefined {
    if (!this.readsTyperInputs) return undefined;
    if (!inputs)
      throw new ModelError(
        "INVALID_INPUT",
        "this model fuses a linear typer, which reads the documents' text: pass score(..., { typer: typerInputs(dataset, bioCDocuments, model.typer.typer.featureOptions) }) (predict and evaluateRun do), or networkOnly",
      );
    return inputs;
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
