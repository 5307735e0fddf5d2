import * as tf from "@tensorflow/tfjs-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectSameAsOriginal, randomFloats, useCpuBackend } from "../kernels/kernel-test-utils.js";
import {
  type FastCpuKernelsOptions,
  fastCpuKernelsInForce,
  ONNXRUNTIME_ENV,
  registerFastCpuKernels,
  unregisterFastCpuKernels,
} from "../kernels/register.js";

// Every product goes to onnxruntime (minOnnxMacs: 0), and the same cases run again without it:
// the fallback path a user without onnxruntime-node gets.
const MODES: Array<[string, FastCpuKernelsOptions]> = [
  ["onnxruntime", { onnxruntime: true, minOnnxMacs: 0, threads: 2 }],
  ["JS fallback", { onnxruntime: false }],
];

const MATMUL_CASES: Array<{ a: number[]; b: number[]; ta: boolean; tb: boolean }> = [
  { a: [17, 9], b: [9, 13], ta: false, tb: false },
  { a: [9, 17], b: [9, 13], ta: true, tb: false },
  { a: [17, 9], b: [13, 9], ta: false, tb: true },
  { a: [9, 17], b: [13, 9], ta: true, tb: true },
  { a: [3, 12, 7], b: [3, 7, 5], ta: false, tb: false },
  { a: [3, 7, 12], b: [3, 5, 7], ta: true, tb: true },
  { a: [2, 3, 6, 4], b: [2, 3, 5, 6], ta: true, tb: true },
  { a: [2, 2, 2, 6, 4], b: [2, 2, 2, 4, 3], ta: false, tb: false },
  // broadcast batch dims: a batch against one right operand, one left against a batch
  { a: [4, 9, 6], b: [6, 8], ta: false, tb: false },
  { a: [2, 3, 6, 9], b: [1, 1, 6, 8], ta: true, tb: false },
  { a: [9, 6], b: [4, 6, 8], ta: false, tb: false },
  { a: [1, 6, 9], b: [4, 8, 6], ta: true, tb: true },
  // tfjs's own modulo broadcast (batch 2 vs 3 after flattening [2,1] and [1,3]): handed back
  { a: [2, 1, 5, 4], b: [1, 3, 4, 3], ta: false, tb: false },
];

const ACTIVATIONS = ["linear", "relu", "relu6", "elu", "sigmoid", "leakyrelu", "prelu"] as const;

describe.each(MODES)("matmul kernels (%s)", (_label, options) => {
  beforeAll(useCpuBackend);
  afterEach(unregisterFastCpuKernels);

  for (const [seed, c] of MATMUL_CASES.entries()) {
    it(`BatchMatMul matches tfjs for ${JSON.stringify(c.a)} x ${JSON.stringify(c.b)} tA=${c.ta} tB=${c.tb}`, () => {
      expectSameAsOriginal(
        () => tf.matMul(randomFloats(c.a, seed), randomFloats(c.b, seed + 50), c.ta, c.tb),
        1e-5,
        options,
      );
    });
  }

  for (const [i, activation] of ACTIVATIONS.entries()) {
    it(`_FusedMatMul with a bias and ${activation} matches tfjs, forward and gradients`, () => {
      expectSameAsOriginal(
        () => {
          // 2-D: tfjs 4.22's matMul gradient does not sum a broadcast right operand over batches
          const a = randomFloats([11, 6], 70 + i);
          const b = randomFloats([6, 5], 80 + i);
          const bias = randomFloats([5], 90 + i);
          const alpha = activation === "prelu" ? randomFloats([5], 95 + i) : undefined;
          const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
            tf.fused.matMul({
              a: x as tf.Tensor2D,
              b: w as tf.Tensor2D,
              bias: c,
              activation,
              preluActivationWeights: alpha,
              leakyreluAlpha: 0.15,
            });
          const forward = f(a, b, bias);
          // tfjs has fused gradients for linear and relu only (its op throws for the others)
          if (activation !== "linear" && activation !== "relu") return forward;
          const grads = tf.grads((x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
            tf.sum(tf.square(f(x, w, c))),
          )([a, b, bias]);
          return [forward, ...grads];
        },
        1e-5,
        options,
      );
    });
  }

  it("_FusedMatMul with transposes, a scalar bias and a full [M, N] bias matches tfjs", () => {
    expectSameAsOriginal(
      () => [
        tf.fused.matMul({
          a: randomFloats([6, 9], 1) as tf.Tensor2D,
          b: randomFloats([7, 6], 2) as tf.Tensor2D,
          transposeA: true,
          transposeB: true,
          bias: randomFloats([1], 3),
          activation: "relu",
        }),
        tf.fused.matMul({
          a: randomFloats([9, 6], 4) as tf.Tensor2D,
          b: randomFloats([6, 7], 5) as tf.Tensor2D,
          bias: randomFloats([9, 7], 6),
        }),
      ],
      1e-5,
      options,
    );
  });

  it("hands int32 products back to tfjs and matches its gradients", () => {
    expectSameAsOriginal(
      () => [
        tf.cast(
          tf.matMul(
            tf.tensor2d([1, 2, 3, 4], [2, 2], "int32"),
            tf.tensor2d([5, 6], [2, 1], "int32"),
          ),
          "float32",
        ),
        ...tf.grads((x: tf.Tensor, y: tf.Tensor) =>
          tf.sum(tf.square(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D, false, true))),
        )([randomFloats([3, 8, 5], 7), randomFloats([3, 6, 5], 8)]),
      ],
      1e-5,
      options,
    );
  });

  it("keeps tf.memory() flat over repeated calls", () => {
    registerFastCpuKernels(options);
    const a = randomFloats([16, 32, 24], 9);
    const b = randomFloats([16, 24, 20], 10);
    const step = () =>
      tf.dispose(tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y)))([a, b]));
    step();
    const before = tf.memory();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    tf.dispose([a, b]);
  });
});

describe("registerFastCpuKernels with onnxruntime", () => {
  beforeAll(useCpuBackend);
  afterEach(unregisterFastCpuKernels);

  it("routes BatchMatMul and _FusedMatMul to onnxruntime and says so", () => {
    const before = ["BatchMatMul", "_FusedMatMul"].map((name) => tf.getKernel(name, "cpu"));
    const registration = registerFastCpuKernels({ threads: 1 });
    expect(registration.onnxruntime).toMatchObject({
      active: true,
      kernels: ["BatchMatMul", "_FusedMatMul"],
      version: "1.30.0",
      threads: 1,
    });
    expect(registration.summary).toContain("through onnxruntime-node 1.30.0");
    expect(fastCpuKernelsInForce()).toBe(registration);
    unregisterFastCpuKernels();
    expect(fastCpuKernelsInForce()).toBeNull();
    expect(["BatchMatMul", "_FusedMatMul"].map((name) => tf.getKernel(name, "cpu"))).toEqual(
      before,
    );
  });

  it(`treats onnxruntime as absent when ${ONNXRUNTIME_ENV}=off, and runs the JS kernels`, () => {
    process.env[ONNXRUNTIME_ENV] = "off";
    try {
      const registration = registerFastCpuKernels();
      expect(registration.onnxruntime.active).toBe(false);
      expect(registration.onnxruntime.reason).toBe(`disabled by ${ONNXRUNTIME_ENV}=off`);
      expect(registration.registered).toContain("BatchMatMul");
    } finally {
      delete process.env[ONNXRUNTIME_ENV];
    }
  });

  it("re-registers when the options change, and rejects bad ones with INVALID_OPTION", () => {
    expect(registerFastCpuKernels({ onnxruntime: false }).onnxruntime.active).toBe(false);
    expect(registerFastCpuKernels({ threads: 1 }).onnxruntime.active).toBe(true);
    expect(() => registerFastCpuKernels({ threads: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
    expect(() => registerFastCpuKernels({ minOnnxMacs: Number.NaN })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });

  it("keeps onnxruntime's outputs when the next call runs (no buffer reuse)", () => {
    registerFastCpuKernels({ minOnnxMacs: 0, threads: 1 });
    const a = randomFloats([8, 8], 11);
    const first = tf.matMul(a, a);
    const copy = Float32Array.from(first.dataSync());
    const negated = tf.neg(a);
    const second = tf.matMul(a, negated);
    expect(Array.from(first.dataSync())).toEqual(Array.from(copy));
    tf.dispose([a, negated, first, second]);
  });
});
