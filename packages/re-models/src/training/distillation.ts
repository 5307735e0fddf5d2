// Knowledge distillation (Hinton et al., 2015): a student also matches a teacher's softened
// distribution over None and the relation types on every candidate pair. The teacher is usually
// an ensemble (`ensembleView`, a saved ensemble), whose averaged logits carry what one model
// alone misses: how close a pair sits to the None decision and which types it is confused with.
import { createHash } from "node:crypto";
import type { BioCDocument } from "@biore/bioc-io";
import type { CandidatePair, EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import { ModelError } from "../errors.js";
import { encodeForModel } from "../inference/encode.js";
import type { RelationModel } from "../model/relation-model.js";

/** A teacher's relation logits per training document ([P * L] row-major, the document's pair order), by document id. */
export type TeacherLogits = ReadonlyMap<string, Float32Array>;

/** `TrainOptions.distillation`: learn from a teacher's logits beside the gold labels. */
export interface DistillationOptions {
  /** The teacher's logits of every training document (`teacherLogits`). */
  teacher: TeacherLogits;
  /** Weight of the distillation term beside the cross-entropy (default 1). */
  weight?: number;
  /** Softmax temperature of teacher and student in the term (default 2); the term is scaled by T². */
  temperature?: number;
}

/** Distillation settings with their defaults filled in. */
export interface ResolvedDistillation {
  teacher: TeacherLogits;
  weight: number;
  temperature: number;
}

/** Fills in defaults and refuses weights and temperatures out of range. */
export function resolveDistillation(options: DistillationOptions): ResolvedDistillation {
  const weight = options.weight ?? 1;
  const temperature = options.temperature ?? 2;
  if (!(Number.isFinite(weight) && weight >= 0))
    throw new ModelError(
      "INVALID_CONFIG",
      `distillation.weight must be a finite number >= 0, got ${weight}`,
    );
  if (!(Number.isFinite(temperature) && temperature > 0))
    throw new ModelError(
      "INVALID_CONFIG",
      `distillation.temperature must be a finite number > 0, got ${temperature}`,
    );
  return { teacher: options.teacher, weight, temperature };
}

/**
 * The teacher's network logits on `documents`, by document id (the typer is not part of
 * them: the student's network learns what the teacher's network says). Scores in batches.
 */
export function teacherLogits(
  teacher: RelationModel,
  documents: readonly EncodedDocument[],
): Map<string, Float32Array> {
  const scores = teacher.score(documents, { networkOnly: true });
  const l = scores.numLabels;
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const doc of documents) {
    const size = doc.pairHead.length * l;
    if (out.has(doc.documentId))
      throw new ModelError(
        "INVALID_INPUT",
        "two training documents share this id: teacher logits are looked up by id",
        doc.documentId,
      );
    out.set(doc.documentId, scores.relationLogits.slice(offset, offset + size));
    offset += size;
  }
  return out;
}

/** The training data a student is trained on: its encoded documents and their candidate pairs. */
export interface StudentData {
  documents: readonly EncodedDocument[];
  /** `pairs[d][p]`: the concepts of `documents[d]`'s pair p (a `RelationDataset`'s `pairs`). */
  pairs: readonly (readonly CandidatePair[])[];
}

/** A pair's key whatever the order of its two concepts. */
const pairKey = (pair: CandidatePair) => {
  const [a, b] = [pair.head.key, pair.tail.key].sort();
  return `${a}\u0000${b}`;
};

/**
 * A teacher's network logits for a student's training pairs when the two encode documents
 * differently (another tokenizer, a saved ensemble): the teacher encodes the BioC documents its
 * own way (`encodeForModel`) and each of the student's pairs takes the teacher's logits of the
 * same two concepts. Refused when the label lists differ or the teacher does not score one of
 * the student's pairs (another pair filter: distill from a teacher trained on the same documents).
 */
export function teacherLogitsFor(
  teacher: RelationModel,
  bioCDocuments: readonly BioCDocument[],
  student: StudentData,
  studentLabels: readonly string[],
): Map<string, Float32Array> {
  const labels = teacher.labelSpace.labels;
  if (labels.join("\u0000") !== studentLabels.join("\u0000"))
    throw new ModelError(
      "LABEL_SPACE_MISMATCH",
      `the teacher's labels [${labels.join(", ")}] differ from the student's [${studentLabels.join(", ")}]`,
    );
  const encoded = encodeForModel(teacher, bioCDocuments);
  const own = teacherLogits(teacher, encoded.documents);
  const l = labels.length;
  const out = new Map<string, Float32Array>();
  const teacherRows = new Map<string, Map<string, number>>();
  encoded.documents.forEach((doc, d) => {
    const pairs = encoded.pairs[d] ?? [];
    teacherRows.set(doc.documentId, new Map(pairs.map((pair, p) => [pairKey(pair), p])));
  });
  student.documents.forEach((doc, d) => {
    const pairs = student.pairs[d] ?? [];
    const rows = teacherRows.get(doc.documentId);
    const logits = own.get(doc.documentId);
    const target = new Float32Array(pairs.length * l);
    pairs.forEach((pair, p) => {
      const row = rows?.get(pairKey(pair));
      if (row === undefined || !logits)
        throw new ModelError(
          "INVALID_INPUT",
          `the teacher does not score the pair ${pair.head.identifier} (${pair.head.type}) - ${pair.tail.identifier} (${pair.tail.type}): distill from a teacher trained on the same documents`,
          doc.documentId,
        );
      target.set(logits.subarray(row * l, (row + 1) * l), p * l);
    });
    out.set(doc.documentId, target);
  });
  return out;
}

/**
 * The teacher's logits of a batch's pairs [P, L] in the batch's order (documents in order,
 * each document's pairs in order), refused with the document named when one is missing or
 * its pair count or label count differs.
 */
export function batchTeacherLogits(
  teacher: TeacherLogits,
  documents: readonly EncodedDocument[],
  numLabels: number,
): Float32Array {
  const total = documents.reduce((n, d) => n + d.pairHead.length, 0);
  const out = new Float32Array(total * numLabels);
  let offset = 0;
  for (const doc of documents) {
    if (doc.pairHead.length === 0) continue; // never in a batch
    const logits = teacher.get(doc.documentId);
    const expected = doc.pairHead.length * numLabels;
    if (!logits)
      throw new ModelError(
        "INVALID_INPUT",
        "the teacher has no logits for this training document: compute them with teacherLogits on the training documents",
        doc.documentId,
      );
    if (logits.length !== expected)
      throw new ModelError(
        "INVALID_INPUT",
        `the teacher's logits hold ${logits.length} values, the document's ${doc.pairHead.length} pairs x ${numLabels} labels need ${expected}: were they computed on other documents or labels?`,
        doc.documentId,
      );
    out.set(logits, offset);
    offset += expected;
  }
  return out;
}

/**
 * T² x the cross-entropy of the student's softened distribution against the teacher's
 * ([P, L] logits each), averaged with `weights` [P] (the cross-entropy's example weights).
 * It differs from the KL divergence only by the teacher's entropy, a constant; the T² keeps
 * its gradient on the cross-entropy's scale (Hinton et al.). Masked types (a very low logit in
 * both) get probability 0 from the teacher and add nothing.
 */
export function distillationLoss(
  studentLogits: tf.Tensor2D,
  teacherLogits: tf.Tensor2D,
  temperature: number,
  weights: tf.Tensor1D,
): tf.Scalar {
  return tf.tidy(() => {
    const target = tf.softmax(tf.div(teacherLogits, temperature));
    const logProbs = tf.logSoftmax(tf.div(studentLogits, temperature));
    const perPair = tf.neg(tf.sum(tf.mul(target, logProbs), 1));
    const mean = tf.div(tf.sum(tf.mul(perPair, weights)), tf.sum(weights));
    return tf.mul(mean, temperature * temperature) as tf.Scalar;
  });
}

/** A short digest of a teacher's logits (checkpoints refuse to resume with another teacher). */
export function teacherDigest(teacher: TeacherLogits): string {
  const hash = createHash("sha256");
  for (const id of [...teacher.keys()].sort()) {
    const logits = teacher.get(id) as Float32Array;
    hash.update(id);
    hash.update(new Uint8Array(logits.buffer, logits.byteOffset, logits.byteLength));
  }
  return hash.digest("hex").slice(0, 16);
}
