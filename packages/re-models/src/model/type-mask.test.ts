import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { train } from "../training/train.js";
import { MASKED_LOGIT, typeMaskValues } from "./type-mask.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const corpus = syntheticCorpus(6, 5);
const make = (shape: { typeMask: boolean; lexical: boolean }) =>
  syntheticModel(corpus, 4, { shape });

/** (entity-type pair, label) combinations of the corpus's gold relations. */
function seenCombinations(): Set<string> {
  const seen = new Set<string>();
  for (const doc of corpus.documents)
    doc.labelIds.forEach((label, k) => {
      const head = doc.conceptTypeIds[doc.pairHead[k] as number];
      const tail = doc.conceptTypeIds[doc.pairTail[k] as number];
      if (label > 0) seen.add(`${head}-${tail}:${label}`);
    });
  return seen;
}

describe("type mask", () => {
  it("opens exactly the (entity-type pair, type) combinations seen in training, and None everywhere", () => {
    const nt = corpus.numEntityTypes;
    const l = corpus.labelSpace.size;
    const mask = typeMaskValues(corpus.documents, { numEntityTypes: nt, numLabels: l });
    const seen = seenCombinations();
    expect(seen.size).toBeGreaterThan(0);
    for (let h = 0; h < nt; h++)
      for (let t = 0; t < nt; t++)
        for (let k = 0; k < l; k++) {
          const open = k === 0 || seen.has(`${h}-${t}:${k}`);
          expect(mask[(h * nt + t) * l + k]).toBe(open ? 0 : MASKED_LOGIT);
        }
  });

  it("is set by train, stays fixed, and keeps unseen combinations out of the logits", async () => {
    const model = make({ typeMask: true, lexical: true });
    const lexicalBefore = model.params.get("lexical/between_kernel")?.dataSync().slice();
    const tensorsBefore = tf.memory().numTensors;
    await train(model, { documents: corpus.documents }, { epochs: 2, batchSize: 2, seed: 1 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const mask = model.params.get("relation/type_mask")?.dataSync() ?? new Float32Array();
    const expected = typeMaskValues(corpus.documents, model.config);
    expect(Array.from(mask)).toEqual(Array.from(expected)); // the optimizer never moved it
    // the lexical path learned something (it starts at zero)
    const lexicalAfter = model.params.get("lexical/between_kernel")?.dataSync() ?? [];
    expect(Array.from(lexicalAfter).some((v, i) => v !== lexicalBefore?.[i])).toBe(true);
    const scores = model.score(corpus.documents);
    const nt = corpus.numEntityTypes;
    const l = scores.numLabels;
    let p = 0;
    for (const doc of corpus.documents)
      for (let k = 0; k < doc.pairHead.length; k++, p++) {
        const row = (doc.conceptTypeIds[doc.pairHead[k] as number] as number) * nt;
        const typePair = row + (doc.conceptTypeIds[doc.pairTail[k] as number] as number);
        for (let label = 1; label < l; label++)
          if (expected[typePair * l + label] !== 0)
            expect(scores.relationLogits[p * l + label]).toBeLessThan(MASKED_LOGIT / 2);
      }
    model.dispose();
  });

  it("leaves a model without the new options with the same parameters and initial values", () => {
    const plain = make({ typeMask: false, lexical: false });
    const both = make({ typeMask: true, lexical: true });
    for (const [name, value] of plain.params) {
      expect(Array.from(both.params.get(name)?.dataSync() ?? [])).toEqual(
        Array.from(value.dataSync()),
      );
    }
    expect(both.params.size).toBe(plain.params.size + 4);
    plain.dispose();
    both.dispose();
  });
});
