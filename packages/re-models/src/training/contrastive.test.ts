import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import { beforeAll, describe, expect, it } from "vitest";
import { buildContrastiveTerm } from "./contrastive.js";
import { resolveTrainOptions } from "./options.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const termOptions = (contrastNone: boolean) =>
  resolveTrainOptions({ hnm: { miner: null, memorySize: 0, contrastNone } }).hnm;

describe("contrastive term", () => {
  const projection = tf.tensor2d(
    [
      [1, 0, 0, 1],
      [0, 1, 1, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [1, 0, 1, 0],
      [0, 1, 0, 1],
    ],
    [6, 4],
  );
  const labels = Int32Array.from([0, 0, 1, 2, 1, 0]);

  it("with contrastNone false, scores only the relation pairs, as if None pairs were absent", () => {
    const withoutNone = buildContrastiveTerm(termOptions(false), 4);
    const reference = buildContrastiveTerm(termOptions(true), 4);
    const relationRows = tf.gather(projection, [2, 3, 4]) as tf.Tensor2D;
    const a = withoutNone.compute(projection, labels, 7).dataSync()[0] as number;
    const b = reference
      .compute(relationRows, Int32Array.from([1, 2, 1]), 7)
      .dataSync()[0] as number;
    const all = reference.compute(projection, labels, 7).dataSync()[0] as number;
    expect(a).toBeCloseTo(b, 6);
    expect(Math.abs(a - all)).toBeGreaterThan(1e-3); // None pairs do change the default term
    relationRows.dispose();
  });

  it("gives a zero loss with a zero gradient when a batch has no relation pair", () => {
    const v = tf.variable(tf.scalar(2));
    const term = buildContrastiveTerm(termOptions(false), 4);
    const none = new Int32Array(6);
    const { value, grads } = tf.variableGrads(
      () => term.compute(tf.mul(projection, v), none, 1),
      [v],
    );
    expect(value.dataSync()[0]).toBe(0);
    expect([...(grads[v.name] as tf.Tensor).dataSync()].every((g) => g === 0)).toBe(true);
    v.dispose();
  });
});
