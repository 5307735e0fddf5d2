import { SupConLoss } from "@biore/hard-negative-miner";
import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import { beforeAll, describe, expect, it } from "vitest";
import { type BatchArrays, buildBatchArrays } from "../model/batch-inputs.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { buildContrastiveTerm } from "./contrastive.js";
import { type PairView, TypeTokenView } from "./contrastive-views.js";
import type { ContrastiveTerm } from "./objective.js";
import { type BatchProgress, type EpochRecord, resolveTrainOptions } from "./options.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const corpus = syntheticCorpus(6, 7);
const model3 = () => syntheticModel(corpus, 3);

describe("TypeTokenView", () => {
  const docs = corpus.documents.slice(0, 2);
  const mentionTokens = (arrays: BatchArrays) => {
    const at = new Set<number>();
    docs.forEach((doc, row) => {
      for (let k = 0; k < doc.mentionStart.length; k++)
        for (let i = doc.mentionStart[k] as number; i < (doc.mentionEnd[k] as number); i++)
          at.add(row * arrays.maxTokens + i);
    });
    return at;
  };

  it("at rate 1 replaces every mention's word ids and nothing else, in a copy", () => {
    const arrays = buildBatchArrays(docs, corpus.numEntityTypes);
    const before = arrays.tokenIds.slice();
    const view = new TypeTokenView({ rate: 1 }).of(docs, arrays, 9);
    expect(Array.from(arrays.tokenIds)).toEqual(Array.from(before)); // the CE batch is untouched
    const mentions = mentionTokens(arrays);
    view.tokenIds.forEach((id, i) => {
      expect(id).toBe(mentions.has(i) ? 0 : before[i]);
    });
    expect(view.entityTypeIds).toBe(arrays.entityTypeIds); // the type tokens stay
  });

  it("at rate 0.5 masks whole concepts, seeded; rate 0 changes nothing", () => {
    const arrays = buildBatchArrays(docs, corpus.numEntityTypes);
    const half = new TypeTokenView({ rate: 0.5 });
    const a = half.of(docs, arrays, 4).tokenIds;
    expect(Array.from(half.of(docs, arrays, 4).tokenIds)).toEqual(Array.from(a));
    const zeros = a.filter((id, i) => id === 0 && arrays.tokenIds[i] !== 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThan(mentionTokens(arrays).size);
    // a concept's mentions go together: 2 mentions of 2 tokens each
    expect(zeros % 4).toBe(0);
    const none = new TypeTokenView({ rate: 0 }).of(docs, arrays, 4).tokenIds;
    expect(Array.from(none)).toEqual(Array.from(arrays.tokenIds));
  });

  it("refuses a rate outside [0, 1]", () => {
    for (const rate of [-0.1, 1.5, Number.NaN])
      expect(() => new TypeTokenView({ rate })).toThrow(
        expect.objectContaining({ code: "INVALID_CONFIG" }),
      );
  });
});

describe("contrastive term over two views", () => {
  const a = tf.tensor2d([
    [1, 0, 0, 1],
    [0, 1, 1, 0],
    [1, 1, 0, 0],
    [0, 0, 1, 1],
    [1, 0, 1, 0],
  ]);
  const b = tf.tensor2d([
    [1, 0.2, 0, 1],
    [0, 1, 0.5, 0],
    [0.3, 1, 0, 0],
    [0, 0, 1, 0.4],
    [1, 0, 1, 1],
  ]);
  const labels = Int32Array.from([1, 2, 1, 2, 3]);
  // every pair enters (m far above the class sizes), no miner, no memory
  const options = resolveTrainOptions({
    hnm: { miner: null, memorySize: 0, contrastNone: true, samplesPerClass: 64 },
  }).hnm;

  it("is SupCon over both views' rows stacked, labels repeated", () => {
    const term = buildContrastiveTerm(options, 4);
    const got = term.compute(a, labels, 3, undefined, [b]).dataSync()[0] as number;
    const both = tf.concat([a, b], 0);
    const unit = tf.div(both, tf.add(tf.norm(both, 2, 1, true), 1e-6)) as tf.Tensor2D;
    const twice = Int32Array.from([...labels, ...labels]);
    const expected = new SupConLoss({ temperature: 0.1 }).compute(unit, twice, null);
    expect(got).toBeCloseTo(expected.dataSync()[0] as number, 5);
    // and not the one-view loss
    expect(Math.abs(got - (term.compute(a, labels, 3).dataSync()[0] as number))).toBeGreaterThan(
      1e-3,
    );
  });

  it("sends gradient into the second view's projection", () => {
    const scale = tf.variable(tf.scalar(1));
    const term = buildContrastiveTerm(options, 4);
    const { grads } = tf.variableGrads(
      () => term.compute(a, labels, 3, undefined, [tf.mul(b, scale) as tf.Tensor2D]),
      [scale],
    );
    expect(Math.abs((grads[scale.name] as tf.Tensor).dataSync()[0] as number)).toBeGreaterThan(0);
    scale.dispose();
  });

  it("sizes the built memory for both views", () => {
    const term = buildContrastiveTerm(
      resolveTrainOptions({ hnm: { maxPairs: 600, view: new TypeTokenView() } }).hnm,
      4,
    );
    // 600 pairs x 2 views must fit: a 1,024 memory would refuse the batch
    const many = tf.randomNormal([600, 4], 0, 1, "float32", 1) as tf.Tensor2D;
    const loss = term.compute(
      many,
      Int32Array.from({ length: 600 }, (_, i) => 1 + (i % 3)),
      1,
      undefined,
      [many],
    );
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
    term.dispose?.();
  });
});

describe("train with hnm.view", () => {
  it("builds the view only while the term is on and hands the term one more projection of the same pairs", async () => {
    let calls = 0;
    const counting: PairView = {
      of(docs: readonly EncodedDocument[], arrays: BatchArrays, seed: number) {
        calls++;
        return new TypeTokenView({ rate: 1 }).of(docs, arrays, seed);
      },
    };
    const seen: { rows: number; viewRows: number[]; differs: boolean }[] = [];
    const term: ContrastiveTerm = {
      compute(projection, _labels, _seed, _typePairs, views) {
        const extra = views ?? [];
        const gap =
          extra.length > 0 ? tf.max(tf.abs(tf.sub(projection, extra[0] as tf.Tensor2D))) : null;
        seen.push({
          rows: projection.shape[0],
          viewRows: extra.map((v) => v.shape[0]),
          differs: gap !== null && (gap.dataSync()[0] as number) > 1e-6,
        });
        const parts = [projection, ...extra].map((p) => tf.mean(tf.square(p)));
        return tf.addN(parts) as tf.Scalar;
      },
    };
    const model = model3();
    const steps: BatchProgress[] = [];
    await train(
      model,
      { documents: corpus.documents },
      {
        objective: "hnm",
        epochs: 2,
        batchSize: 2,
        seed: 5,
        entityMask: 0,
        hnm: { term, view: counting, warmupEpochs: 1 },
      },
      { onBatchEnd: (p) => void steps.push(p) },
    );
    model.dispose();
    // 3 steps per epoch; epoch 1 is warm-up
    expect(calls).toBe(3);
    expect(seen).toHaveLength(3);
    for (const s of seen) {
      expect(s.viewRows).toEqual([s.rows]);
      expect(s.differs).toBe(true); // the names are gone in the view
    }
    expect(steps.slice(3).every((p) => p.contrastive !== null)).toBe(true);
  });
});

describe("train with hnm.pretrainEpochs", () => {
  it("trains the term alone first, without validation, then cross-entropy with the term kept on", async () => {
    const model = model3();
    const steps: BatchProgress[] = [];
    let relationAfterPretraining: number[] = [];
    const relationAtStart = Array.from(
      (model.params.get("relation/kernel") as tf.Variable).dataSync(),
    );
    const result = await train(
      model,
      { documents: corpus.documents.slice(0, 4) },
      {
        objective: "hnm",
        epochs: 3,
        batchSize: 2,
        seed: 5,
        validation: corpus.documents.slice(4),
        hnm: { pretrainEpochs: 1, warmupEpochs: 0, memorySize: 0, weight: 0.3, contrastNone: true },
      },
      {
        onBatchEnd: (p) => void steps.push(p),
        onEpochEnd: (r: EpochRecord) => {
          if (r.epoch === 1)
            relationAfterPretraining = Array.from(
              (model.params.get("relation/kernel") as tf.Variable).dataSync(),
            );
        },
      },
    );
    model.dispose();
    expect(result.history.map((r) => r.validationF1 === null)).toEqual([true, false, false]);
    expect(result.bestEpoch).toBeGreaterThan(1);
    // pre-training: the loss is the term alone (weight 1) and the type head does not move
    for (const p of steps.filter((s) => s.epoch === 1))
      expect(p.loss).toBeCloseTo(p.contrastive as number, 5);
    expect(relationAfterPretraining).toEqual(relationAtStart);
    // then cross-entropy + novelty + 0.3 x the term
    for (const p of steps.filter((s) => s.epoch > 1))
      expect(p.loss).toBeCloseTo(
        p.crossEntropy + 0.5 * p.novelty + 0.3 * (p.contrastive as number),
        4,
      );
  });

  it("refuses pre-training that leaves no epoch for cross-entropy, or a fractional one", async () => {
    for (const hnm of [{ pretrainEpochs: 3 }, { pretrainEpochs: 1.5 }]) {
      const model = model3();
      await expect(
        train(model, { documents: corpus.documents }, { objective: "hnm", epochs: 3, hnm }),
      ).rejects.toMatchObject({ code: "INVALID_CONFIG" });
      model.dispose();
    }
  });
});
