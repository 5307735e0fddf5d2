import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import type { AuxiliaryTask } from "./auxiliary.js";
import { type TeacherLogits, distillationLoss, teacherLogits } from "./distillation.js";
import type { BatchProgress, TrainOptions } from "./options.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const main = syntheticCorpus(6, 7);
// the transfer set: other documents in the same vocabulary and entity types, other ids
const transfer = syntheticCorpus(4, 13).documents.map((d) => ({
  ...d,
  documentId: `transfer-${d.documentId}`,
}));
const labels = main.labelSpace.labels;
const make = (seed = 3) => syntheticModel(main, seed);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A teacher: a model trained on the main corpus, scoring the transfer documents. */
async function teacherOf(seed: number): Promise<TeacherLogits> {
  const model = make(seed);
  await train(model, { documents: main.documents }, { epochs: 2, batchSize: 2, seed });
  const logits = teacherLogits(model, transfer);
  model.dispose();
  return logits;
}

const task = (teacher: TeacherLogits, weight = 1, documents = transfer): AuxiliaryTask => ({
  name: "transfer",
  documents,
  labels,
  target: { teacher, temperature: 2 },
  weight,
  batchSize: 2,
});

const options: TrainOptions = {
  epochs: 2,
  batchSize: 3,
  learningRate: 1e-2,
  seed: 5,
  entityMask: 0,
};

const lossAgainst = (model: ReturnType<typeof make>, teacher: TeacherLogits) =>
  lossAgainstDocs(model, teacher, transfer);

describe("transfer-set distillation (an auxiliary task with a teacher's logits)", () => {
  it("adds weight x the distillation loss of the transfer batch: exactly that on the first step", async () => {
    const teacher = await teacherOf(11);
    const one = transfer[0] as EncodedDocument;
    // no type mask: training sets it from the main documents before the first step
    const untrained = (seed: number) => syntheticModel(main, seed, { shape: { typeMask: false } });
    const reference = untrained(3);
    const expected = lossAgainstDocs(reference, teacher, [one]);
    reference.dispose();
    const steps: BatchProgress[] = [];
    const model = untrained(3);
    await train(
      model,
      { documents: main.documents },
      { ...options, epochs: 1, auxiliary: [task(teacher, 0.5, [one])] },
      { onBatchEnd: (p) => void steps.push(p) },
    );
    model.dispose();
    expect(steps[0]?.auxiliary).toBeCloseTo(0.5 * expected, 5);
  });

  it("pulls the student towards the teacher on the transfer documents, and never reads their labels", async () => {
    const teacher = await teacherOf(11);
    const before = tf.memory().numTensors;
    const pulled = make();
    await train(
      pulled,
      { documents: main.documents },
      {
        ...options,
        epochs: 6,
        auxiliary: [task(teacher, 5)],
      },
    );
    const control = make();
    await train(control, { documents: main.documents }, { ...options, epochs: 6 });
    expect(lossAgainst(pulled, teacher)).toBeLessThan(lossAgainst(control, teacher));
    // the same documents with every label set to None train exactly the same weights
    const unlabelled = transfer.map((d) => ({ ...d, labelIds: d.labelIds.map(() => 0) }));
    const blind = make();
    await train(
      blind,
      { documents: main.documents },
      {
        ...options,
        epochs: 6,
        auxiliary: [task(teacher, 5, unlabelled)],
      },
    );
    for (const [name, value] of pulled.params)
      expect(Array.from(blind.params.get(name)?.dataSync() ?? [])).toEqual(
        Array.from(value.dataSync()),
      );
    for (const m of [pulled, control, blind]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses, before any step, other labels, a document without logits and a bad temperature", async () => {
    const teacher = await teacherOf(11);
    const refused = async (auxiliary: AuxiliaryTask) => {
      const model = make();
      const steps: number[] = [];
      try {
        await train(
          model,
          { documents: main.documents },
          { ...options, auxiliary: [auxiliary] },
          { onBatchEnd: (p) => void steps.push(p.step) },
        );
        return undefined;
      } catch (error) {
        expect(steps).toEqual([]);
        return error as { code: string; message: string; where?: string };
      } finally {
        model.dispose();
      }
    };
    expect(await refused({ ...task(teacher), labels: ["None", "X", "Y"] })).toMatchObject({
      code: "LABEL_SPACE_MISMATCH",
      message: expect.stringContaining("the model's labels"),
    });
    const partial = new Map([...teacher].slice(1));
    expect(await refused(task(partial))).toMatchObject({
      code: "INVALID_INPUT",
      where: transfer[0]?.documentId,
    });
    expect(await refused({ ...task(teacher), target: { teacher, temperature: 0 } })).toMatchObject({
      code: "INVALID_CONFIG",
      message: expect.stringContaining("temperature"),
    });
  });

  it("does not resume a checkpoint written with another teacher", async () => {
    const dir = mkdtempSync(join(tmpdir(), "biore-transfer-"));
    dirs.push(dir);
    const [a, b] = [await teacherOf(11), await teacherOf(12)];
    const first = make();
    await train(
      first,
      { documents: main.documents },
      {
        ...options,
        epochs: 1,
        checkpointDir: dir,
        auxiliary: [task(a)],
      },
    );
    first.dispose();
    const second = make();
    await expect(
      train(
        second,
        { documents: main.documents },
        {
          ...options,
          checkpointDir: dir,
          resume: true,
          auxiliary: [task(b)],
        },
      ),
    ).rejects.toMatchObject({ code: "CHECKPOINT_INVALID" });
    second.dispose();
  });
});

/** The distillation loss (T = 2) of a model's logits on `docs` against a teacher's. */
function lossAgainstDocs(
  model: ReturnType<typeof make>,
  teacher: TeacherLogits,
  docs: readonly EncodedDocument[],
): number {
  const scores = model.score(docs, { networkOnly: true });
  const l = labels.length;
  const target = Float32Array.from(
    docs.flatMap((d) => Array.from(teacher.get(d.documentId) ?? [])),
  );
  return tf.tidy(
    () =>
      distillationLoss(
        tf.tensor2d(scores.relationLogits, [scores.numPairs, l]),
        tf.tensor2d(target, [scores.numPairs, l]),
        2,
        tf.ones([scores.numPairs]),
      ).dataSync()[0] as number,
  );
}
