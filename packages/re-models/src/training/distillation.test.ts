import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelForDataset } from "../model/create.js";
import { syntheticCorpus, TINY_SHAPE, syntheticModel } from "../test-support/synthetic.js";
import {
  batchTeacherLogits,
  distillationLoss,
  teacherDigest,
  teacherLogits,
  teacherLogitsFor,
} from "./distillation.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const corpus = syntheticCorpus(6, 6);
const make = (seed = 3) => syntheticModel(corpus, seed);
const numLabels = corpus.labelSpace.labels.length;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Mean distillation loss of a model's logits against a teacher's over the corpus (T = 2). */
function meanLossAgainst(
  model: ReturnType<typeof make>,
  teacher: Map<string, Float32Array>,
): number {
  const scores = model.score(corpus.documents, { networkOnly: true });
  const target = batchTeacherLogits(teacher, corpus.documents, numLabels);
  return tf.tidy(() => {
    const shape: [number, number] = [scores.numPairs, numLabels];
    const loss = distillationLoss(
      tf.tensor2d(scores.relationLogits, shape),
      tf.tensor2d(target, shape),
      2,
      tf.ones([scores.numPairs]),
    );
    return loss.dataSync()[0] as number;
  });
}

describe("distillationLoss", () => {
  it("is T² x the cross-entropy of the softened distributions, and masked types add nothing", () => {
    const student = [
      [1, 0, -1],
      [0, 2, -1e4],
    ];
    const teacher = [
      [0, 1, 0],
      [1, 0, -1e4],
    ];
    const t = 2;
    const softmax = (xs: number[]) => {
      const m = Math.max(...xs);
      const e = xs.map((x) => Math.exp((x - m) / t));
      const z = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / z);
    };
    const perPair = student.map((s, i) => {
      const p = softmax(teacher[i] as number[]);
      const q = softmax(s);
      return -p.reduce((acc, pk, k) => acc + (pk > 0 ? pk * Math.log(q[k] as number) : 0), 0);
    });
    const weights = [1, 3];
    const expected =
      (t * t * ((perPair[0] as number) * 1 + (perPair[1] as number) * 3)) /
      (weights[0]! + weights[1]!);
    const got = distillationLoss(
      tf.tensor2d(student),
      tf.tensor2d(teacher),
      t,
      tf.tensor1d(weights),
    ).dataSync()[0] as number;
    expect(got).toBeCloseTo(expected, 4);
  });

  it("has no gradient when the student already says what the teacher says", () => {
    const values = [
      [0.3, -1, 2],
      [1, 1, -0.5],
    ];
    const teacher = tf.tensor2d(values);
    const grad = tf.grad((s: tf.Tensor) =>
      distillationLoss(s as tf.Tensor2D, teacher, 2, tf.ones([2])),
    )(tf.tensor2d(values));
    for (const g of grad.dataSync()) expect(Math.abs(g)).toBeLessThan(1e-6);
  });
});

describe("teacher logits", () => {
  it("splits a teacher's scores by document, in the batch order a student reads them", () => {
    const teacher = make(5);
    const logits = teacherLogits(teacher, corpus.documents);
    const all = teacher.score(corpus.documents, { networkOnly: true }).relationLogits;
    const docs = [corpus.documents[2], corpus.documents[0]] as typeof corpus.documents;
    const batch = batchTeacherLogits(logits, docs, numLabels);
    const offsetOf = (index: number) =>
      corpus.documents.slice(0, index).reduce((n, d) => n + d.pairHead.length * numLabels, 0);
    const size = (index: number) => (corpus.documents[index]?.pairHead.length ?? 0) * numLabels;
    expect(Array.from(batch)).toEqual([
      ...all.slice(offsetOf(2), offsetOf(2) + size(2)),
      ...all.slice(offsetOf(0), offsetOf(0) + size(0)),
    ]);
    teacher.dispose();
  });

  it("refuses a document the teacher did not score, or scored with other pairs, naming it", () => {
    const doc = corpus.documents[1] as (typeof corpus.documents)[number];
    expect(() => batchTeacherLogits(new Map(), [doc], numLabels)).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", where: doc.documentId }),
    );
    const short = new Map([[doc.documentId, new Float32Array(numLabels)]]);
    expect(() => batchTeacherLogits(short, [doc], numLabels)).toThrow(/need/);
  });
});

describe("train with distillation", () => {
  const options = { epochs: 2, batchSize: 2, seed: 1, validation: corpus.documents.slice(0, 2) };

  it("weight 0 trains exactly as without it; a weight pulls the student towards the teacher", async () => {
    const teacherModel = make(11);
    await train(teacherModel, { documents: corpus.documents }, { ...options, seed: 7 });
    const teacher = teacherLogits(teacherModel, corpus.documents);
    teacherModel.dispose();

    const plain = make();
    const zero = make();
    const pulled = make();
    const before = tf.memory().numTensors;
    const seen: (number | null | undefined)[] = [];
    await train(plain, { documents: corpus.documents }, options);
    await train(
      zero,
      { documents: corpus.documents },
      { ...options, distillation: { teacher, weight: 0 } },
    );
    await train(
      pulled,
      { documents: corpus.documents },
      { ...options, distillation: { teacher, weight: 5, temperature: 2 } },
      { onBatchEnd: (p) => seen.push(p.distillation) },
    );
    expect(tf.memory().numTensors).toBe(before);
    for (const [name, value] of plain.params)
      expect(Array.from(zero.params.get(name)?.dataSync() ?? [])).toEqual(
        Array.from(value.dataSync()),
      );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((v) => typeof v === "number" && Number.isFinite(v))).toBe(true);
    expect(meanLossAgainst(pulled, teacher)).toBeLessThan(meanLossAgainst(plain, teacher));
    expect(pulled.metadata?.options).toMatchObject({
      distillation: { weight: 5, temperature: 2, teacher: teacherDigest(teacher) },
    });
    for (const m of [plain, zero, pulled]) m.dispose();
  });

  it("refuses a teacher that misses a training document before any step, and bad settings", async () => {
    const model = make();
    const partial = new Map([...teacherLogits(model, corpus.documents)].slice(1)) as Map<
      string,
      Float32Array
    >;
    const steps: number[] = [];
    await expect(
      train(
        model,
        { documents: corpus.documents },
        { ...options, distillation: { teacher: partial } },
        { onBatchEnd: (p) => steps.push(p.step) },
      ),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", where: corpus.documents[0]?.documentId });
    expect(steps).toEqual([]);
    for (const bad of [{ weight: -1 }, { temperature: 0 }, { weight: Number.NaN }])
      await expect(
        train(
          model,
          { documents: corpus.documents },
          {
            ...options,
            distillation: { teacher: partial, ...bad },
          },
        ),
      ).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    model.dispose();
  });

  it("does not resume a checkpoint written with another teacher", async () => {
    const dir = mkdtempSync(join(tmpdir(), "biore-distill-"));
    dirs.push(dir);
    const first = make(21);
    const second = make(22);
    const teacherA = teacherLogits(first, corpus.documents);
    const teacherB = teacherLogits(second, corpus.documents);
    const student = make();
    await train(
      student,
      { documents: corpus.documents },
      { ...options, epochs: 1, checkpointDir: dir, distillation: { teacher: teacherA } },
    );
    await expect(
      train(
        make(),
        { documents: corpus.documents },
        {
          ...options,
          checkpointDir: dir,
          resume: true,
          distillation: { teacher: teacherB },
        },
      ),
    ).rejects.toMatchObject({ code: "CHECKPOINT_INVALID" });
    for (const m of [first, second, student]) m.dispose();
  });
});

const trainFile = dataFile("biored", "Train.BioC.XML");
describe.runIf(haveData(trainFile))("teacherLogitsFor (BioRED documents)", () => {
  let documents: BioCDocument[] = [];
  beforeAll(async () => {
    documents = (await readCollection(trainFile)).documents.slice(0, 5);
  });

  it("gives each student pair the teacher's logits of the same two concepts, whatever its encoding", () => {
    const student = buildDataset(documents, { pairFilter: "seen-type-pairs", maxTokens: 200 });
    // another tokenizer and token limit: the teacher reads the text its own way
    const teacherData = buildDataset(documents, {
      pairFilter: "seen-type-pairs",
      maxTokens: 120,
      tokenizerOptions: { maxVocabSize: 300 },
    });
    const teacher = createModelForDataset(teacherData, { shape: TINY_SHAPE, seed: 4 });
    const labels = student.labelSpace.labels;
    const aligned = teacherLogitsFor(teacher, documents, student, labels);
    const own = teacherLogits(teacher, teacherData.documents);
    const l = labels.length;
    let checked = 0;
    student.documents.forEach((doc, d) => {
      const rows = new Map(
        (teacherData.pairs[d] ?? []).map((p, i) => [[p.head.key, p.tail.key].sort().join("|"), i]),
      );
      (student.pairs[d] ?? []).forEach((pair, p) => {
        const row = rows.get([pair.head.key, pair.tail.key].sort().join("|")) as number;
        const want = own.get(doc.documentId)?.subarray(row * l, (row + 1) * l);
        expect(Array.from(aligned.get(doc.documentId)?.subarray(p * l, (p + 1) * l) ?? [])).toEqual(
          Array.from(want ?? []),
        );
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(20);
    // the same encoding: the same logits as teacherLogits
    const same = teacherLogitsFor(teacher, documents, teacherData, labels);
    for (const [id, logits] of own)
      expect(Array.from(same.get(id) ?? [])).toEqual(Array.from(logits));
    teacher.dispose();
  });

  it("refuses other labels, and a student pair the teacher does not score, naming its document", () => {
    const student = buildDataset(documents, { pairFilter: "all", maxTokens: 200 });
    const narrow = buildDataset(documents, { pairFilter: "seen-type-pairs", maxTokens: 200 });
    const teacher = createModelForDataset(narrow, { shape: TINY_SHAPE, seed: 4 });
    expect(() => teacherLogitsFor(teacher, documents, student, ["None", "Association"])).toThrow(
      expect.objectContaining({ code: "LABEL_SPACE_MISMATCH" }),
    );
    expect(() => teacherLogitsFor(teacher, documents, student, student.labelSpace.labels)).toThrow(
      expect.objectContaining({
        code: "INVALID_INPUT",
        message: expect.stringMatching(/does not score the pair/),
      }),
    );
    teacher.dispose();
  });
});
