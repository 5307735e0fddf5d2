import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MultiSimilarityMiner } from "@biore/hard-negative-miner";
import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { createModel } from "../model/create.js";
import { syntheticCorpus, TINY_SHAPE } from "../test-support/synthetic.js";
import type { AuxiliaryTask } from "./auxiliary.js";
import type { BatchProgress, TrainOptions } from "./options.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const main = syntheticCorpus(6, 7);
// a second corpus in the same vocabulary and entity types, labels in its own space
const other = syntheticCorpus(5, 11);
const make = (shape: { dropout?: number; typeMask?: boolean } = {}) =>
  createModel({
    shape: { ...TINY_SHAPE, dropout: 0.1, ...shape },
    seed: 3,
    labelSpace: main.labelSpace,
    vocabSize: main.vocabSize,
    numEntityTypes: main.numEntityTypes,
    numPairFeatures: main.numPairFeatures,
  });

/** `other`'s documents relabelled: label "X" where its synthetic label was Bind (id 2), else None. */
function relabelled(docs: readonly EncodedDocument[]): EncodedDocument[] {
  return docs.map((d) => ({ ...d, labelIds: d.labelIds.map((id) => (id === 2 ? 1 : 0)) }));
}
const headTask = (weight = 0.5): AuxiliaryTask => ({
  name: "other",
  documents: relabelled(other.documents),
  labels: ["None", "X"],
  weight,
  batchSize: 2,
});

async function run(options: TrainOptions, model = make()) {
  const steps: BatchProgress[] = [];
  await train(
    model,
    { documents: main.documents },
    { epochs: 3, batchSize: 3, learningRate: 1e-2, seed: 5, entityMask: 0.5, ...options },
    { onBatchEnd: (p) => void steps.push(p) },
  );
  const weights = model.snapshot();
  return { steps, weights, model };
}

function sameWeights(a: Map<string, tf.Tensor>, b: Map<string, tf.Tensor>): boolean {
  for (const [name, t] of a) {
    const u = b.get(name) as tf.Tensor;
    const x = t.dataSync();
    const y = u.dataSync();
    if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
  }
  return true;
}

describe("auxiliary tasks (multi-task training)", () => {
  it("leave the main training exactly as it was at weight 0, and change it through the shared encoder at weight > 0", async () => {
    const plain = await run({});
    const zero = await run({ auxiliary: [headTask(0)] });
    const half = await run({ auxiliary: [headTask(0.5)] });
    expect(zero.steps.map((s) => s.crossEntropy)).toEqual(plain.steps.map((s) => s.crossEntropy));
    expect(sameWeights(plain.weights, zero.weights)).toBe(true);
    // the auxiliary loss reaches the shared encoder, and the heads are not part of the model
    expect(sameWeights(plain.weights, half.weights)).toBe(false);
    expect([...half.model.params.keys()].some((n) => n.startsWith("auxiliary/"))).toBe(false);
    expect(half.steps.every((s) => typeof s.auxiliary === "number" && s.auxiliary > 0)).toBe(true);
    expect(plain.steps.every((s) => s.auxiliary === undefined)).toBe(true);
    for (const r of [plain, zero, half]) {
      tf.dispose([...r.weights.values()]);
      r.model.dispose();
    }
  });

  it("trains its own head: the auxiliary loss falls and no tensor is left behind", async () => {
    const before = tf.memory().numTensors;
    const { steps, weights, model } = await run({
      auxiliary: [{ ...headTask(1), documents: relabelled(other.documents).slice(0, 2) }],
      epochs: 40,
      entityMask: 0,
    });
    const first = steps.slice(0, 4).reduce((s, p) => s + (p.auxiliary as number), 0);
    const last = steps.slice(-4).reduce((s, p) => s + (p.auxiliary as number), 0);
    expect(last).toBeLessThan(first / 4);
    tf.dispose([...weights.values()]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("with a label map, trains the relation logits on the mapped pairs only", async () => {
    // one document, one batch: the first step's auxiliary loss is the cross-entropy of the
    // untrained model's relation logits at Bind, over the pairs labelled X
    const doc = relabelled(other.documents).find((d) => d.labelIds.includes(1)) as EncodedDocument;
    const reference = make({ dropout: 0, typeMask: false });
    const scores = reference.score([doc]);
    const bind = main.labelSpace.id("Bind");
    const l = main.labelSpace.size;
    let sum = 0;
    let count = 0;
    doc.labelIds.forEach((id, p) => {
      if (id !== 1) return;
      const row = Array.from(scores.relationLogits.slice(p * l, (p + 1) * l));
      const max = Math.max(...row);
      const logZ = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
      sum += logZ - (row[bind] as number);
      count++;
    });
    reference.dispose();
    const task: AuxiliaryTask = {
      name: "mapped",
      documents: [doc],
      labels: ["None", "X"],
      target: { map: { X: "Bind" } },
      weight: 0.5,
    };
    const fresh = make({ dropout: 0, typeMask: false });
    const steps: BatchProgress[] = [];
    await train(
      fresh,
      { documents: main.documents },
      { epochs: 1, batchSize: 3, seed: 5, entityMask: 0, auxiliary: [task] },
      { onBatchEnd: (p) => void steps.push(p) },
    );
    fresh.dispose();
    expect(steps[0]?.auxiliary).toBeCloseTo((0.5 * sum) / count, 5);
    // a task whose documents carry no mapped label adds nothing
    const none: AuxiliaryTask = {
      ...task,
      documents: [{ ...doc, labelIds: doc.labelIds.map(() => 0) }],
    };
    const empty = await run({ auxiliary: [none] });
    expect(empty.steps.every((s) => s.auxiliary === 0)).toBe(true);
    tf.dispose([...empty.weights.values()]);
    empty.model.dispose();
  });

  it("with a label map and the type mask, leaves out pairs whose mapped type the mask rules out", async () => {
    // every main pair's type is Association: the mask rules Bind out for every entity-type pair
    const associationOnly = main.documents.map((d) => ({
      ...d,
      labelIds: d.labelIds.map(() => 1),
    }));
    const steps: BatchProgress[] = [];
    const model = make({ typeMask: true });
    await train(
      model,
      { documents: associationOnly },
      {
        epochs: 1,
        batchSize: 3,
        seed: 5,
        auxiliary: [
          { ...headTask(), target: { map: { X: "Bind" } } },
          { ...headTask(), name: "to-association", target: { map: { X: "Association" } } },
        ],
      },
      { onBatchEnd: (p) => void steps.push(p) },
    );
    model.dispose();
    // only the Association-mapped task contributes: finite, positive, nowhere near the mask's -1e9
    expect(steps.every((s) => Number.isFinite(s.loss) && (s.auxiliary as number) > 0)).toBe(true);
    expect(Math.max(...steps.map((s) => s.auxiliary as number))).toBeLessThan(10);
  });

  it("refuses tasks that do not fit the model, naming the task", async () => {
    const refused = async (task: Partial<AuxiliaryTask>) => {
      const model = make();
      try {
        await train(
          model,
          { documents: main.documents },
          { epochs: 1, auxiliary: [{ ...headTask(), ...task }] },
        );
        return undefined;
      } catch (error) {
        return error as { code: string; message: string };
      } finally {
        model.dispose();
      }
    };
    expect(await refused({ labels: ["X", "None"] })).toMatchObject({ code: "INVALID_CONFIG" });
    expect(await refused({ name: "a/b" })).toMatchObject({ code: "INVALID_CONFIG" });
    expect(await refused({ weight: -1 })).toMatchObject({ code: "INVALID_CONFIG" });
    expect(await refused({ target: { map: { X: "Unknown_Type" } } })).toMatchObject({
      code: "LABEL_SPACE_MISMATCH",
      message: expect.stringContaining('auxiliary task "other"'),
    });
    expect(await refused({ target: { map: { Y: "Bind" } } })).toMatchObject({
      code: "INVALID_CONFIG",
    });
    // label ids outside the task's own labels
    expect(await refused({ labels: ["None"] })).toMatchObject({ code: "INVALID_CONFIG" });
    expect(await refused({ documents: other.documents })).toMatchObject({
      code: "LABEL_SPACE_MISMATCH",
    });
  });

  it("frees the heads and the optimizer when a later part of the run is refused", async () => {
    const model = make();
    const before = tf.memory().numTensors;
    // the heads and AdamW's slots exist before the contrastive term is built and refused
    await expect(
      train(
        model,
        { documents: main.documents },
        {
          epochs: 1,
          objective: "hnm",
          auxiliary: [headTask()],
          hnm: { miner: new MultiSimilarityMiner(), negativesFrom: "entity-types" },
        },
      ),
    ).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("resumes from a checkpoint exactly: the heads and the auxiliary batch stream continue", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aux-ckpt-"));
    try {
      const straight = await run({ auxiliary: [headTask()], epochs: 2 });
      // one epoch written, then a fresh process resumes
      const partial = make();
      const controller = new AbortController();
      await train(
        partial,
        { documents: main.documents },
        {
          epochs: 2,
          batchSize: 3,
          learningRate: 1e-2,
          seed: 5,
          entityMask: 0.5,
          auxiliary: [headTask()],
          checkpointDir: dir,
          signal: controller.signal,
        },
        { onEpochEnd: () => controller.abort() },
      );
      partial.dispose();
      const resumed = await run({
        auxiliary: [headTask()],
        epochs: 2,
        checkpointDir: dir,
        resume: true,
      });
      expect(resumed.steps.length).toBeGreaterThan(0);
      expect(resumed.steps.map((s) => s.loss)).toEqual(
        straight.steps.filter((s) => s.epoch === 2).map((s) => s.loss),
      );
      expect(sameWeights(straight.weights, resumed.weights)).toBe(true);
      // a run with other auxiliary tasks refuses the checkpoint
      await expect(
        run({ auxiliary: [headTask(0.25)], epochs: 2, checkpointDir: dir, resume: true }),
      ).rejects.toMatchObject({
        code: "CHECKPOINT_INVALID",
      });
      for (const r of [straight, resumed]) {
        tf.dispose([...r.weights.values()]);
        r.model.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
