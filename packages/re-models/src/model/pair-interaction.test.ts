import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { expectSameScoresAfterReload } from "../test-support/model-io.js";
import { expectLaterShapeOption, setParam } from "../test-support/shape-options.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { PAIR_INTERACTION_PARAMS } from "./params.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const corpus = syntheticCorpus(3, 29);
const make = (pairInteraction: boolean | undefined) =>
  syntheticModel(corpus, 11, { shape: pairInteraction === undefined ? {} : { pairInteraction } });
const setKernel = (model: ReturnType<typeof make>, scale: number) =>
  setParam(model, PAIR_INTERACTION_PARAMS.kernel, scale, 5);

describe("ModelShape.pairInteraction", () => {
  it("is off by default; its parameters come last; older configs load with it off", () => {
    expectLaterShapeOption("pairInteraction", make, (name) => name.startsWith("pair/interaction_"));
  });

  it("with a zero layer scores exactly as the model without it (the message is a residual)", () => {
    const off = make(false);
    const on = make(true);
    setKernel(on, 0);
    const a = off.score(corpus.documents).relationLogits;
    const b = on.score(corpus.documents).relationLogits;
    for (const [i, v] of a.entries()) expect(b[i]).toBeCloseTo(v, 5);
    off.dispose();
    on.dispose();
  });

  it("scores a pair from the other pairs of its concepts: dropping one pair changes another's logits", () => {
    const model = make(true);
    setKernel(model, 0.5);
    const doc = corpus.documents.find((d) => d.pairHead.length >= 3) as EncodedDocument;
    const full = model.score([doc]);
    // the same document without its last candidate pair
    const keep = doc.pairHead.length - 1;
    const fewer: EncodedDocument = {
      ...doc,
      pairHead: doc.pairHead.slice(0, keep),
      pairTail: doc.pairTail.slice(0, keep),
      pairFeatures: doc.pairFeatures.slice(
        0,
        (doc.pairFeatures.length / doc.pairHead.length) * keep,
      ),
      labelIds: doc.labelIds.slice(0, keep),
      novelIds: doc.novelIds.slice(0, keep),
    };
    const partial = model.score([fewer]);
    const l = full.numLabels;
    const dropped = { head: doc.pairHead[keep], tail: doc.pairTail[keep] };
    // a kept pair sharing a concept with the dropped one reads a different mean
    const sharing = Array.from({ length: keep }, (_, p) => p).find((p) =>
      [doc.pairHead[p], doc.pairTail[p]].some((c) => c === dropped.head || c === dropped.tail),
    ) as number;
    expect(sharing).toBeDefined();
    const before = Array.from(full.relationLogits.subarray(sharing * l, (sharing + 1) * l));
    const after = Array.from(partial.relationLogits.subarray(sharing * l, (sharing + 1) * l));
    expect(before.some((v, k) => Math.abs(v - (after[k] as number)) > 1e-4)).toBe(true);
    model.dispose();
  });

  it("saves and loads with it on", async () => {
    const model = make(true);
    setKernel(model, 0.5);
    await expectSameScoresAfterReload(model, corpus.documents, (loaded) =>
      expect(loaded.config.pairInteraction).toBe(true),
    );
    model.dispose();
  });
});
