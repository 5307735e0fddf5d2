import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { CosineSimilarity } from "./cosine-similarity.js";
import { LpDistance } from "./lp-distance.js";

describe("rowPairs", () => {
  const distances = [
    new LpDistance(),
    new LpDistance({ squared: true }),
    new LpDistance({ p: 1 }),
    new CosineSimilarity(),
  ];
  for (const distance of distances) {
    it(`${distance.constructor.name} p/power ${distance.power}: equals pairwise on gathered rows, value and gradient`, () => {
      const q = tf.randomNormal([9, 5], 0, 1, "float32", 1) as tf.Tensor2D;
      const r = tf.randomNormal([7, 5], 0, 1, "float32", 2) as tf.Tensor2D;
      const rows = Int32Array.from([0, 3, 3, 8]);
      const cols = Int32Array.from([6, 1, 1, 0]);
      const viaRows = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(distance.rowPairs(a as tf.Tensor2D, b as tf.Tensor2D, rows, [cols])[0]!);
      const viaPairwise = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(
          distance.pairwise(
            tf.gather(a, tf.tensor1d(rows, "int32")) as tf.Tensor2D,
            tf.gather(b, tf.tensor1d(cols, "int32")) as tf.Tensor2D,
          ),
        );
      const [v1, v2] = [viaRows(q, r), viaPairwise(q, r)];
      expect(v1.dataSync()[0]).toBeCloseTo(v2.dataSync()[0]!, 5);
      const g1 = tf.grads(viaRows)([q, r]);
      const g2 = tf.grads(viaPairwise)([q, r]);
      for (const [i, g] of g1.entries()) {
        const a = g.dataSync();
        const b = g2[i]!.dataSync();
        for (let k = 0; k < a.length; k++) expect(a[k]).toBeCloseTo(b[k]!, 5);
      }
      tf.dispose([q, r, v1, v2, ...g1, ...g2]);
    });
  }
});
