import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../kernels/register.js";
import { dropout } from "./dropout.js";

/** Value and gradient of sum(op(x) · w), as plain arrays, checking that no tensor is left. */
function valueAndGrad(op: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, w: tf.Tensor) {
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const value = Array.from(op(x).dataSync());
    const grad = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(op(a), w)))(x);
    return { value, grad: Array.from(grad.dataSync()) };
  });
  expect(tf.memory().numTensors, "tensors leaked").toBe(before);
  return out;
}

describe("dropout", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });
  afterEach(unregisterFastCpuKernels);

  const cases: [number[], number, number][] = [
    [[7], 0.5, 3],
    [[8, 33, 64], 0.1, 11],
    [[5, 6], 0.37, 1234],
  ];
  for (const withKernels of [false, true]) {
    for (const [shape, rate, seed] of cases) {
      it(`equals tf.dropout bit for bit, value and gradient (shape [${shape}], rate ${rate}, ${withKernels ? "fast kernels" : "tfjs kernels"})`, () => {
        if (withKernels) registerFastCpuKernels({ onnxruntime: false });
        const x = tf.randomNormal(shape, 0, 3, "float32", seed + 1);
        const w = tf.randomNormal(shape, 0, 1, "float32", seed + 2);
        const ours = valueAndGrad((a) => dropout(a, rate, seed), x, w);
        const theirs = valueAndGrad((a) => tf.dropout(a, rate, undefined, seed), x, w);
        expect(ours.value).toEqual(theirs.value);
        expect(ours.grad).toEqual(theirs.grad);
        expect(ours.value.some((v) => v === 0)).toBe(true); // something was dropped
        tf.dispose([x, w]);
      });
    }
  }

  it("outside gradient recording gives the same values; rate 0 passes x through", () => {
    const x = tf.randomNormal([4, 50], 0, 1, "float32", 5);
    const value = (op: () => tf.Tensor) => tf.tidy(() => Array.from(op().dataSync()));
    expect(value(() => dropout(x, 0.3, 9))).toEqual(value(() => tf.dropout(x, 0.3, undefined, 9)));
    expect(value(() => dropout(x, 0, 9))).toEqual(Array.from(x.dataSync()));
    x.dispose();
  });

  it("rejects a rate outside [0, 1) and a non-float32 x, naming them", () => {
    const x = tf.zeros([2, 2]);
    expect(() => dropout(x, 1)).toThrow(expect.objectContaining({ where: "dropout" }));
    expect(() => dropout(x, -0.1)).toThrow(/rate/);
    const ints = tf.zeros([2], "int32");
    expect(() => dropout(ints, 0.5)).toThrow(/float32/);
    tf.dispose([x, ints]);
  });
});
