import type { EncodedDocument, LabelSpace } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import { ModelError } from "../errors.js";
import { batchTensors, buildBatchArrays } from "../model/batch-inputs.js";
import { forward } from "../model/network.js";
import { dense, gatherRows, maybeDropout } from "../model/ops.js";
import { TYPE_MASK_PARAM } from "../model/params.js";
import { validateDocuments } from "../model/validate-input.js";
import { deriveSeed } from "../random.js";
import { batchesPerEpoch, epochBatches } from "./batches.js";
import {
  type TeacherLogits,
  batchTeacherLogits,
  distillationLoss,
  teacherDigest,
} from "./distillation.js";
import { maskEntityWords } from "./entity-mask.js";

/**
 * A second corpus trained beside the main one (multi-task learning): it shares the token
 * encoder and the pair MLP, and each training step adds `weight` x its loss on one of its
 * batches. Its documents must be encoded with the model's tokenizer and entity types (e.g.
 * `encodeAuxiliary` of `@biore/re-models/experiment`), their `labelIds` in `labels`.
 */
export interface AuxiliaryTask {
  /** Names the task's head parameters (`auxiliary/<name>/...`) and its loss in the progress. */
  name: string;
  /** Encoded documents, label ids in `labels`. */
  documents: readonly EncodedDocument[];
  /** The task's own labels, `None` first (its `LabelSpace.labels`). */
  labels: readonly string[];
  /**
   * `"head"` (default): a linear head of its own on the shared pair embedding, softmax
   * cross-entropy over `labels` (None included). `{ map }`: pairs whose label `map` names
   * train the model's relation logits as that relation type; every other pair (None too,
   * unless mapped) is left out — for a corpus whose negatives are not the model's None. With
   * the type mask on, pairs whose mapped type it rules out for their entity-type pair are
   * left out too. `{ teacher }`: transfer-set distillation — every pair's relation logits
   * learn the teacher's softened distribution (`distillationLoss` at `temperature`, default
   * 2); the documents' own labels are not read, so they can be unlabeled text with entities
   * (`labels` must then be the model's labels, which the teacher's logits are in).
   */
  target?: "head" | { map: Readonly<Record<string, string>> } | TransferDistillation;
  /** Weight of its loss beside the main loss (default 0.5). */
  weight?: number;
  /** Documents per auxiliary batch (default: the trainer's `batchSize`). */
  batchSize?: number;
}

/** An auxiliary target: learn a teacher's logits on the task's documents (see `AuxiliaryTask.target`). */
export interface TransferDistillation {
  /** The teacher's logits of every task document with candidate pairs, by document id (`teacherLogits`). */
  teacher: TeacherLogits;
  /** Softmax temperature of teacher and student (default 2); the term is scaled by T². */
  temperature?: number;
}

const isTransfer = (target: AuxiliaryTask["target"]): target is TransferDistillation =>
  typeof target === "object" && "teacher" in target;

/** The parameters an auxiliary head adds (trained, never saved with the model). */
export const AUXILIARY_PREFIX = "auxiliary/";

/** One task, resolved against the model: its head or its label mapping, its batch stream. */
interface ResolvedTask {
  task: AuxiliaryTask;
  weight: number;
  batchSize: number;
  /** Head mode: the task's kernel and bias. */
  kernel?: tf.Variable;
  bias?: tf.Variable;
  /** Map mode: task label id -> model label id, -1 = left out. */
  toModel?: Int32Array;
  /** Transfer mode: the teacher's logits and temperature. */
  transfer?: { teacher: TeacherLogits; temperature: number };
  /** Batches in one pass over the task's documents. */
  perPass: number;
  /** The batches of pass `pass` (cached). */
  batches: EncodedDocument[][];
  pass: number;
}

/** Glorot-uniform [fanIn, fanOut], seeded. */
function glorot(fanIn: number, fanOut: number, seed: number): tf.Tensor {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.randomUniform([fanIn, fanOut], -limit, limit, "float32", seed);
}

/**
 * The auxiliary tasks of one training run: their head parameters, a cyclic batch stream per
 * task (its own seeded shuffle, independent of the main batches) and their loss.
 */
export class AuxiliaryTraining {
  /** Head parameters by name (`auxiliary/<task>/kernel|bias`), for the optimizer. */
  readonly params = new Map<string, tf.Variable>();
  private readonly tasks: ResolvedTask[] = [];

  constructor(
    tasks: readonly AuxiliaryTask[],
    private readonly config: ModelConfig,
    labelSpace: LabelSpace,
    private readonly defaultBatchSize: number,
    private readonly seed: number,
  ) {
    try {
      this.resolve(tasks, labelSpace);
    } catch (error) {
      this.dispose(); // the heads of the tasks before the refused one
      throw error;
    }
  }

  private resolve(tasks: readonly AuxiliaryTask[], labelSpace: LabelSpace): void {
    const { config, seed, defaultBatchSize } = this;
    const names = new Set<string>();
    tasks.forEach((task, index) => {
      const where = `auxiliary task "${task.name}"`;
      if (!/^[A-Za-z0-9_.-]+$/.test(task.name) || names.has(task.name))
        throw new ModelError(
          "INVALID_CONFIG",
          `auxiliary task names must be unique and use letters, digits, _ . - only, got "${task.name}"`,
        );
      names.add(task.name);
      if (task.labels[0] !== "None" || task.labels.length < 2)
        throw new ModelError(
          "INVALID_CONFIG",
          `labels must start with None and name at least one type, got [${task.labels.join(", ")}]`,
          where,
        );
      const weight = task.weight ?? 0.5;
      const batchSize = task.batchSize ?? defaultBatchSize;
      if (!(Number.isFinite(weight) && weight >= 0))
        throw new ModelError("INVALID_CONFIG", `weight must be >= 0, got ${weight}`, where);
      if (!(Number.isInteger(batchSize) && batchSize >= 1))
        throw new ModelError(
          "INVALID_CONFIG",
          `batchSize must be an integer >= 1, got ${batchSize}`,
          where,
        );
      // the task's own labels, against the model's tokenizer, features and entity types
      validateDocuments({ ...config, numLabels: task.labels.length }, task.documents);
      if (!task.documents.some((d) => d.pairHead.length > 0))
        throw new ModelError("INVALID_INPUT", "no document has a candidate pair", where);
      const resolved: ResolvedTask = {
        task,
        weight,
        batchSize,
        perPass: batchesPerEpoch(task.documents, batchSize),
        batches: [],
        pass: -1,
      };
      const target = task.target ?? "head";
      if (isTransfer(target)) {
        resolved.transfer = this.resolveTransfer(task, target, labelSpace, where);
      } else if (target === "head") {
        const prefix = `${AUXILIARY_PREFIX}${task.name}/`;
        const d = config.pairEmbeddingDim;
        const init = glorot(d, task.labels.length, deriveSeed(seed, 60, index));
        resolved.kernel = tf.variable(init, true, undefined, "float32");
        init.dispose();
        const zeros = tf.zeros([task.labels.length]);
        resolved.bias = tf.variable(zeros, true, undefined, "float32");
        zeros.dispose();
        this.params.set(`${prefix}kernel`, resolved.kernel);
        this.params.set(`${prefix}bias`, resolved.bias);
      } else {
        resolved.toModel = Int32Array.from(task.labels, (label) => {
          const mapped = target.map[label];
          if (mapped === undefined) return -1;
          if (!labelSpace.has(mapped))
            throw new ModelError(
              "LABEL_SPACE_MISMATCH",
              `maps "${label}" to "${mapped}", which the model does not know (${labelSpace.labels.join(", ")})`,
              where,
            );
          return labelSpace.id(mapped);
        });
        for (const label of Object.keys(target.map))
          if (!task.labels.includes(label))
            throw new ModelError(
              "INVALID_CONFIG",
              `maps "${label}", which is not one of its labels (${task.labels.join(", ")})`,
              where,
            );
      }
      this.tasks.push(resolved);
    });
  }

  /** Checks a transfer task against the model's labels and its teacher's logits, before any step. */
  private resolveTransfer(
    task: AuxiliaryTask,
    target: TransferDistillation,
    labelSpace: LabelSpace,
    where: string,
  ): { teacher: TeacherLogits; temperature: number } {
    const temperature = target.temperature ?? 2;
    if (!(Number.isFinite(temperature) && temperature > 0))
      throw new ModelError(
        "INVALID_CONFIG",
        `temperature must be a finite number > 0, got ${temperature}`,
        where,
      );
    if (task.labels.join("\u0000") !== labelSpace.labels.join("\u0000"))
      throw new ModelError(
        "LABEL_SPACE_MISMATCH",
        `a task distilled from a teacher takes the model's labels [${labelSpace.labels.join(", ")}], got [${task.labels.join(", ")}]`,
        where,
      );
    // every document's logits, named when missing or of the wrong size
    batchTeacherLogits(target.teacher, task.documents, labelSpace.labels.length);
    return { teacher: target.teacher, temperature };
  }

  /** What the run key records: a resumed run must have the same tasks (a teacher by its digest). */
  describe(): Record<string, unknown>[] {
    return this.tasks.map(({ task, weight, batchSize, transfer }) => ({
      name: task.name,
      documents: task.documents.length,
      labels: task.labels,
      target: transfer
        ? { teacher: teacherDigest(transfer.teacher), temperature: transfer.temperature }
        : (task.target ?? "head"),
      weight,
      batchSize,
    }));
  }

  /**
   * A task's batch at optimizer step `step`: its passes follow each other (a new seeded
   * shuffle each), a function of the step alone, so a resumed run continues the same stream.
   */
  private batchAt(index: number, step: number): EncodedDocument[] {
    const t = this.tasks[index] as ResolvedTask;
    const pass = Math.floor(step / t.perPass) + 1;
    if (pass !== t.pass) {
      t.batches = epochBatches(
        t.task.documents,
        t.batchSize,
        deriveSeed(this.seed, 61, index),
        pass,
      );
      t.pass = pass;
    }
    return t.batches[step % t.perPass] as EncodedDocument[];
  }

  /**
   * Sum of weight x loss over the tasks, each on its batch of optimizer step `step` (call
   * inside the gradient function: its tidy frees the batch tensors made here). Entity masking
   * as the main batches get it; the step's seed drives masks and dropout.
   */
  loss(params: Map<string, tf.Variable>, step: number, entityMask: number): tf.Scalar {
    const stepSeed = deriveSeed(this.seed, 6, step);
    let total = tf.scalar(0);
    this.tasks.forEach((t, index) => {
      if (t.weight === 0) return;
      const docs = this.batchAt(index, step);
      const arrays = buildBatchArrays(docs, this.config.numEntityTypes);
      maskEntityWords(docs, arrays, entityMask, deriveSeed(stepSeed, 62, index));
      const batch = batchTensors(arrays, this.config.numEntityTypes, this.config.embeddingDim);
      const dropoutSeed = deriveSeed(stepSeed, 63, index);
      const out = forward(params, this.config, batch, { dropoutSeed });
      let taskLoss: tf.Scalar;
      if (t.transfer) {
        const l = this.config.numLabels;
        const teacher = tf.tensor2d(batchTeacherLogits(t.transfer.teacher, docs, l), [
          arrays.numPairs,
          l,
        ]);
        const weights = tf.ones([arrays.numPairs]) as tf.Tensor1D;
        taskLoss = distillationLoss(out.relationLogits, teacher, t.transfer.temperature, weights);
      } else if (t.kernel && t.bias) {
        const input = maybeDropout(
          out.pairEmbedding,
          this.config.dropout,
          deriveSeed(dropoutSeed, 21),
        );
        const logits = dense(input as tf.Tensor2D, t.kernel, t.bias);
        taskLoss = crossEntropy(logits, arrays.labelIds);
      } else {
        const toModel = t.toModel as Int32Array;
        const rows: number[] = [];
        const targets: number[] = [];
        const masked = this.typeMask(params);
        const l = this.config.numLabels;
        arrays.labelIds.forEach((id, p) => {
          const mapped = toModel[id] as number;
          // a type the type mask rules out for this entity-type pair cannot be learned: left out
          const allowed =
            !masked || (masked[(arrays.typePair[p] as number) * l + mapped] as number) >= 0;
          if (mapped >= 0 && allowed) {
            rows.push(p);
            targets.push(mapped);
          }
        });
        taskLoss =
          rows.length === 0
            ? tf.scalar(0)
            : crossEntropy(
                gatherRows(out.relationLogits, tf.tensor1d(rows, "int32")),
                Int32Array.from(targets),
              );
      }
      total = tf.add(total, tf.mul(taskLoss, t.weight)) as tf.Scalar;
    });
    return total;
  }

  /** The type mask's values (set from the main documents before the first step), read once. */
  private maskValues: Float32Array | null | undefined;
  private typeMask(params: Map<string, tf.Variable>): Float32Array | null {
    if (this.maskValues === undefined) {
      const mask = this.config.typeMask ? params.get(TYPE_MASK_PARAM) : undefined;
      this.maskValues = mask ? (mask.dataSync() as Float32Array) : null;
    }
    return this.maskValues;
  }

  /** Frees the head parameters. */
  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}

/** Mean softmax cross-entropy of logits [P, K] against label ids. */
function crossEntropy(logits: tf.Tensor2D, labelIds: Int32Array): tf.Scalar {
  const targets = tf.oneHot(tf.tensor1d(labelIds, "int32"), logits.shape[1]);
  return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}
