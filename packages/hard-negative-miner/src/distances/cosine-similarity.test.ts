import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { cosineSimilarityMatrix } from "./cosine-similarity.js";

describe("cosineSimilarityMatrix", () => {
  it("matches hand-computed cosines for vectors at known angles", async () => {
    await tf.setBackend("cpu");
    const a = tf.tensor2d([
      [1, 0],
      [0, 2],
      [3, 3],
    ]);
    const sim = cosineSimilarityMatrix(a).arraySync();
    const s = Math.SQRT1_2;
    const expected = [
      [1, 0, s],
      [0, 1, s],
      [s, s, 1],
    ];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) expect(sim[i]![j]).toBeCloseTo(expected[i]![j]!, 6);
    }
    a.dispose();
  });
});
