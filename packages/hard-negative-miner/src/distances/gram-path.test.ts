import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import { afterEach, describe, expect, it } from "vitest";
import { CosineSimilarity } from "./cosine-similarity.js";
import { DotProductSimilarity } from "./dot-product-similarity.js";
import { LpDistance } from "./lp-distance.js";

// With @biore/tfjs-kernels installed, matrixData on cpu takes one matMul for the Gram matrix
// (onnxruntime or the JS kernel) instead of host loops; both must give the same values.
describe.each([
  ["JS kernels", { onnxruntime: false as const }],
  ["onnxruntime", { onnxruntime: true as const, threads: 1 }],
])("matrixData through the Gram matrix (%s)", (_label, options) => {
  afterEach(unregisterFastCpuKernels);

  const distances = [
    new LpDistance(),
    new LpDistance({ normalizeEmbeddings: false, power: 2 }),
    new CosineSimilarity(),
    new DotProductSimilarity(),
    new LpDistance({ p: 1 }), // not a Gram distance: stays on host loops
  ];
  for (const distance of distances) {
    it(`${distance.constructor.name} (power ${distance.power}) matches the host loops, self and cross`, () => {
      const q = tf.randomNormal([37, 16], 0, 1, "float32", 1) as tf.Tensor2D;
      const r = tf.randomNormal([23, 16], 0, 1, "float32", 2) as tf.Tensor2D;
      const loops = [distance.matrixData(q), distance.matrixData(q, r)];
      registerFastCpuKernels(options);
      const gram = [distance.matrixData(q), distance.matrixData(q, r)];
      for (const [i, expected] of loops.entries()) {
        const actual = gram[i] as Float32Array;
        expect(actual.length).toBe(expected.length);
        let worst = 0;
        for (let k = 0; k < expected.length; k++) {
          const err = Math.abs(actual[k]! - expected[k]!) / Math.max(1, Math.abs(expected[k]!));
          worst = Math.max(worst, err);
        }
        expect(worst).toBeLessThan(2e-5);
      }
      // self-distances stay exactly 0 on the diagonal
      if (distance instanceof LpDistance)
        for (let i = 0; i < 37; i++) expect(gram[0]![i * 37 + i]).toBe(0);
      tf.dispose([q, r]);
    });
  }
});
