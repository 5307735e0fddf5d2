import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, it } from "vitest";
import { expectSameAsOriginal, randomFloats, useCpuBackend } from "./kernel-test-utils.js";

type Pad = "same" | "valid" | number;

describe("fast Conv2DBackpropFilter", () => {
  beforeAll(useCpuBackend);

  const conv1dCases: Array<{
    batch: number;
    width: number;
    inC: number;
    outC: number;
    k: number;
    stride: number;
    pad: Pad;
  }> = [
    { batch: 2, width: 17, inC: 5, outC: 7, k: 3, stride: 1, pad: "same" },
    { batch: 3, width: 20, inC: 4, outC: 6, k: 5, stride: 1, pad: "valid" },
    { batch: 2, width: 19, inC: 3, outC: 4, k: 3, stride: 2, pad: "same" },
    { batch: 1, width: 16, inC: 6, outC: 2, k: 4, stride: 3, pad: "valid" },
  ];
  for (const [seed, c] of conv1dCases.entries()) {
    it(`matches tfjs's conv1d gradients: k=${c.k} stride=${c.stride} pad=${c.pad}`, () => {
      expectSameAsOriginal(() => {
        const x = randomFloats([c.batch, c.width, c.inC], seed) as tf.Tensor3D;
        const filter = randomFloats([c.k, c.inC, c.outC], seed + 50) as tf.Tensor3D;
        const f = (a: tf.Tensor, w: tf.Tensor) =>
          tf.sum(tf.square(tf.conv1d(a as tf.Tensor3D, w as tf.Tensor3D, c.stride, c.pad)));
        return tf.grads(f)([x, filter]);
      });
    });
  }

  const conv2dCases: Array<{
    x: [number, number, number, number];
    f: [number, number, number, number];
    strides: [number, number];
    pad: Pad;
    rounding?: "floor" | "round" | "ceil";
  }> = [
    { x: [2, 9, 8, 3], f: [3, 2, 3, 4], strides: [1, 1], pad: "same" },
    { x: [1, 10, 11, 2], f: [3, 3, 2, 5], strides: [2, 3], pad: "same" },
    { x: [2, 8, 7, 4], f: [2, 3, 4, 3], strides: [2, 1], pad: "valid" },
    { x: [1, 7, 7, 2], f: [3, 3, 2, 2], strides: [2, 2], pad: 1, rounding: "ceil" },
  ];
  for (const [seed, c] of conv2dCases.entries()) {
    it(`matches tfjs's conv2d gradients: x=${c.x} f=${c.f} strides=${c.strides} pad=${c.pad}`, () => {
      expectSameAsOriginal(() => {
        const x = randomFloats(c.x, seed + 10) as tf.Tensor4D;
        const filter = randomFloats(c.f, seed + 60) as tf.Tensor4D;
        const f = (a: tf.Tensor, w: tf.Tensor) =>
          tf.sum(
            tf.square(
              tf.conv2d(
                a as tf.Tensor4D,
                w as tf.Tensor4D,
                c.strides,
                c.pad,
                "NHWC",
                1,
                c.rounding,
              ),
            ),
          );
        return tf.grads(f)([x, filter]);
      });
    });
  }

  it("matches tfjs for NCHW inputs (delegated to tfjs's kernel)", () => {
    expectSameAsOriginal(() => {
      const x = randomFloats([2, 3, 6, 5], 30) as tf.Tensor4D;
      const dy = randomFloats([2, 4, 6, 5], 31) as tf.Tensor4D;
      const attrs = { strides: 1, pad: "same", dataFormat: "NCHW", filterShape: [3, 3, 3, 4] };
      return tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, attrs) as tf.Tensor;
    });
  });
});
