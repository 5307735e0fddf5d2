import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { expectSameScoresAfterReload } from "../test-support/model-io.js";
import { expectLaterShapeOption } from "../test-support/shape-options.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { conceptParticipationLoss } from "../training/objective.js";
import { batchTensors, buildBatchArrays, disposeBatchTensors } from "./batch-inputs.js";
import { CONCEPT_PARAMS } from "./params.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const corpus = syntheticCorpus(3, 23);
const make = (conceptGate: boolean | undefined) =>
  syntheticModel(corpus, 7, { shape: conceptGate === undefined ? {} : { conceptGate } });
const logSigmoid = (x: number) => -Math.log1p(Math.exp(-x));

/** Sets the gate so that every concept's logit is `bias` (zero kernel). */
function setGate(model: ReturnType<typeof make>, bias: number) {
  const kernel = model.params.get(CONCEPT_PARAMS.kernel) as tf.Variable;
  const b = model.params.get(CONCEPT_PARAMS.bias) as tf.Variable;
  tf.tidy(() => {
    kernel.assign(tf.zerosLike(kernel));
    b.assign(tf.tensor1d([bias]));
  });
}

describe("ModelShape.conceptGate", () => {
  it("is off by default; off has no concept parameters; older configs load with it off", () => {
    // the gate's parameters come last, so every other parameter keeps its seeded start
    expectLaterShapeOption("conceptGate", make, (name) => name.startsWith("concept/"));
  });

  it("raises only the None logit, by -(log σ(c_head) + log σ(c_tail))", () => {
    const model = make(true);
    setGate(model, 2);
    const high = model.score(corpus.documents);
    setGate(model, -1);
    const low = model.score(corpus.documents);
    const l = high.numLabels;
    // every concept's logit is the bias: the None logit moves by -2 (log σ(-1) - log σ(2))
    const shift = -2 * (logSigmoid(-1) - logSigmoid(2));
    for (let p = 0; p < high.numPairs; p++) {
      expect(low.relationLogits[p * l]).toBeCloseTo(
        (high.relationLogits[p * l] as number) + shift,
        4,
      );
      for (let k = 1; k < l; k++)
        expect(low.relationLogits[p * l + k]).toBeCloseTo(
          high.relationLogits[p * l + k] as number,
          5,
        );
    }
    model.dispose();
  });

  it("saves and loads with it on (parameters and scores)", async () => {
    const model = make(true);
    const kernel = model.params.get(CONCEPT_PARAMS.kernel) as tf.Variable;
    tf.tidy(() => kernel.assign(tf.randomNormal(kernel.shape, 0, 1, "float32", 3)));
    await expectSameScoresAfterReload(model, corpus.documents, (loaded) =>
      expect(loaded.config.conceptGate).toBe(true),
    );
    model.dispose();
  });
});

describe("conceptParticipationLoss", () => {
  it("is the mean BCE over the concepts of candidate pairs, target 1 for a concept in a gold pair", () => {
    // concepts 0..4; pairs 0-1 (gold), 2-3 (None), 0-3 (None); concept 4 is in no pair
    const doc: EncodedDocument = {
      documentId: "hand-made",
      tokenIds: Int32Array.from([1, 2, 3, 4, 5, 6]),
      entityTypeIds: Int32Array.from([1, 2, 1, 2, 1, 0]),
      sentenceIds: new Int32Array(6),
      conceptTypeIds: Int32Array.from([1, 2, 1, 2, 1]),
      mentionStart: Int32Array.from([0, 1, 2, 3, 4]),
      mentionEnd: Int32Array.from([1, 2, 3, 4, 5]),
      mentionConcept: Int32Array.from([0, 1, 2, 3, 4]),
      pairHead: Int32Array.from([0, 2, 0]),
      pairTail: Int32Array.from([1, 3, 3]),
      pairFeatures: new Float32Array(0),
      labelIds: Int32Array.from([1, 0, 0]),
      novelIds: Int32Array.from([-1, -1, -1]),
    };
    const batch = batchTensors(buildBatchArrays([doc], 3), 3, 4);
    const logits = [0.5, -1, 2, 0, 7];
    const loss = tf.tidy(() =>
      conceptParticipationLoss(tf.tensor1d(logits), batch).arraySync(),
    ) as number;
    disposeBatchTensors(batch);
    const bce = (x: number, y: number) => -(y * logSigmoid(x) + (1 - y) * logSigmoid(-x));
    const expected = (bce(0.5, 1) + bce(-1, 1) + bce(2, 0) + bce(0, 0)) / 4;
    expect(loss).toBeCloseTo(expected, 5);
  });
});
