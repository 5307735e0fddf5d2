import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import { afterEach, describe, expect, it } from "vitest";
import {
  atAngles,
  inverted,
  isNeg,
  isPos,
  type Kind,
  randomEmbeddings,
  randomLabels,
  refMatrix,
  tripletSet,
} from "../../test/reference.js";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { LpDistance } from "../distances/lp-distance.js";
import { BatchHardMiner } from "./batch-hard-miner.js";

/** Loop reference: farthest positive and closest negative per anchor. */
function refBatchHard(q: number[][], labels: number[], kind: Kind, r = q, refLabels = labels) {
  const mat = refMatrix(q, r, kind);
  const self = r === q;
  const inv = inverted(kind);
  const out: string[] = [];
  for (let i = 0; i < q.length; i++) {
    let p = -1;
    let n = -1;
    for (let j = 0; j < r.length; j++) {
      const v = mat[i]![j]!;
      if (isPos(labels, refLabels, self, i, j)) {
        if (p < 0 || (inv ? v < mat[i]![p]! : v > mat[i]![p]!)) p = j;
      } else if (isNeg(labels, refLabels, i, j)) {
        if (n < 0 || (inv ? v > mat[i]![n]! : v < mat[i]![n]!)) n = j;
      }
    }
    if (p >= 0 && n >= 0) out.push(`${i},${p},${n}`);
  }
  return out.sort();
}

describe("BatchHardMiner", () => {
  it("picks the known hardest positive and negative of embeddings at known angles", () => {
    // class 0 at 0, 20, 70 degrees; class 1 at 50, 180 degrees
    const emb = tf.tensor2d(atAngles([0, 20, 70, 50, 180]));
    const labels = new Int32Array([0, 0, 0, 1, 1]);
    const t = new BatchHardMiner().mine(emb, labels);
    // anchor 0: farthest positive 70deg (2), closest negative 50deg (3)
    // anchor 1: farthest positive 70 (2), closest negative 50 (3); anchor 2: positive 0 (0), negative 50 (3)
    // anchor 3: only positive 180 (4), closest negative 70 (2); anchor 4: positive 50 (3), closest negative 70 (2)
    expect(tripletSet(t)).toEqual(["0,2,3", "1,2,3", "2,0,3", "3,4,2", "4,3,2"]);
    emb.dispose();
  });

  it("matches the loop reference on random batches, for cosine and Euclidean", () => {
    for (const [seed, kind] of [
      [1, "l2"],
      [2, "cos"],
      [3, "l2"],
    ] as const) {
      const q = randomEmbeddings(seed, 24, 6);
      const labels = randomLabels(seed, 24, 4);
      const miner = new BatchHardMiner({
        distance: kind === "cos" ? new CosineSimilarity() : new LpDistance(),
      });
      const emb = tf.tensor2d(q);
      expect(tripletSet(miner.mine(emb, labels))).toEqual(refBatchHard(q, labels, kind));
      emb.dispose();
    }
  });

  it("mines against a reference set without excluding any reference row", () => {
    const q = randomEmbeddings(5, 6, 4);
    const r = randomEmbeddings(6, 10, 4);
    const labels = [0, 1, 2, 0, 1, 2];
    const refLabels = [0, 0, 1, 1, 2, 2, 0, 1, 2, 3];
    const qt = tf.tensor2d(q);
    const rt = tf.tensor2d(r);
    const t = new BatchHardMiner().mine(qt, labels, rt, refLabels);
    expect(tripletSet(t)).toEqual(refBatchHard(q, labels, "l2", r, refLabels));
    tf.dispose([qt, rt]);
  });

  it("skips single-member classes and returns nothing when all labels are equal", () => {
    const emb = tf.tensor2d(randomEmbeddings(7, 5, 3));
    const single = new BatchHardMiner().mine(emb, [0, 0, 1, 2, 2]);
    expect(Array.from(single.anchors).sort()).toEqual([0, 1, 3, 4]);
    const same = new BatchHardMiner().mine(emb, [3, 3, 3, 3, 3]);
    expect(same.anchors.length).toBe(0);
    emb.dispose();
  });

  it("does not leak tensors", () => {
    const emb = tf.tensor2d(randomEmbeddings(8, 10, 3));
    const before = tf.memory().numTensors;
    new BatchHardMiner().mine(emb, randomLabels(8, 10, 3));
    expect(tf.memory().numTensors).toBe(before);
    emb.dispose();
  });
});

// With the fast kernels, mining reads the Gram matrix and ranks Euclidean distances squared
// (no square roots): the same triplets as the loop reference.
describe.each([
  ["JS kernels", { onnxruntime: false as const }],
  ["onnxruntime when installed", { onnxruntime: "auto" as const, minOnnxMacs: 0, threads: 1 }],
])("BatchHardMiner through the Gram matrix (%s)", (_label, options) => {
  afterEach(unregisterFastCpuKernels);

  it("matches the loop reference: Euclidean, squared Euclidean, cosine; self and reference set", () => {
    registerFastCpuKernels(options);
    const distances = [
      ["l2", () => new LpDistance()],
      ["l2", () => new LpDistance({ squared: true })],
      ["cos", () => new CosineSimilarity()],
    ] as const;
    for (const [seed, [kind, distance]] of distances.entries()) {
      const q = randomEmbeddings(20 + seed, 40, 6);
      const r = randomEmbeddings(30 + seed, 25, 6);
      const labels = randomLabels(20 + seed, 40, 5);
      const refLabels = randomLabels(30 + seed, 25, 5);
      const [qt, rt] = [tf.tensor2d(q), tf.tensor2d(r)];
      const miner = new BatchHardMiner({ distance: distance() });
      expect(tripletSet(miner.mine(qt, labels))).toEqual(refBatchHard(q, labels, kind));
      expect(tripletSet(miner.mine(qt, labels, rt, refLabels))).toEqual(
        refBatchHard(q, labels, kind, r, refLabels),
      );
      tf.dispose([qt, rt]);
    }
  });
});
