import { type EncodedDocument, Tokenizer } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { type ModelConfig, validateConfig } from "../config.js";
import { expectSameScoresAfterReload } from "../test-support/model-io.js";
import { syntheticCorpus, TINY_SHAPE } from "../test-support/synthetic.js";
import { batchTensors, buildBatchArrays, disposeBatchTensors } from "./batch-inputs.js";
import { createModel } from "./create.js";
import { paramSpecs } from "./params.js";
import {
  NUM_TRIGGER_CLASSES,
  TRIGGER_CLASSES,
  TRIGGER_PARAMS,
  triggerClassOf,
  triggerFeatures,
  triggerLexiconValues,
} from "./trigger-lexicon.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const classOf = (name: string) => TRIGGER_CLASSES.findIndex((c) => c.name === name);

describe("trigger lexicon", () => {
  it("matches stems as prefixes and other entries as whole words, case-blind", () => {
    expect(triggerClassOf("Induced")).toBe(classOf("positive"));
    expect(triggerClassOf("inhibits")).toBe(classOf("negative"));
    expect(triggerClassOf("binding")).toBe(classOf("bind"));
    expect(triggerClassOf("associated")).toBe(classOf("association"));
    expect(triggerClassOf("than")).toBe(classOf("comparison"));
    expect(triggerClassOf("thank")).toBe(-1);
    expect(triggerClassOf("the")).toBe(-1);
    expect(NUM_TRIGGER_CLASSES).toBe(8);
  });

  it("gives word-piece continuations and special tokens no class", () => {
    const values = triggerLexiconValues(["[PAD]", "[UNK]", "##induced", "induced"]);
    expect(Array.from(values.subarray(0, 3 * NUM_TRIGGER_CLASSES)).every((v) => v === 0)).toBe(
      true,
    );
    expect(values[3 * NUM_TRIGGER_CLASSES + classOf("positive")]).toBe(1);
  });
});

describe("triggerFeatures", () => {
  it("counts each class between the closest mentions and in the shared sentences", () => {
    // "A strongly induced B . C inhibits the D ." — A/B in sentence 0, C/D in sentence 1
    const words = ["A", "strongly", "induced", "B", ".", "C", "inhibits", "the", "D", "."];
    const tokenizer = Tokenizer.fit([...words, ...words]);
    const doc: EncodedDocument = {
      documentId: "hand-made",
      tokenIds: Int32Array.from(words, (w) => tokenizer.encodeWord(w)[0] as number),
      entityTypeIds: Int32Array.from([1, 0, 0, 2, 0, 1, 0, 0, 2, 0]),
      sentenceIds: Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
      conceptTypeIds: Int32Array.from([1, 2, 1, 2]),
      mentionStart: Int32Array.from([0, 3, 5, 8]),
      mentionEnd: Int32Array.from([1, 4, 6, 9]),
      mentionConcept: Int32Array.from([0, 1, 2, 3]),
      pairHead: Int32Array.from([0, 2, 0]),
      pairTail: Int32Array.from([1, 3, 3]),
      pairFeatures: new Float32Array(0),
      labelIds: new Int32Array(3),
      novelIds: Int32Array.from([-1, -1, -1]),
    };
    const vocab = Array.from({ length: tokenizer.vocabSize }, (_, id) => tokenizer.token(id));
    const lexicon = tf.tensor2d(triggerLexiconValues(vocab), [vocab.length, NUM_TRIGGER_CLASSES]);
    const batch = batchTensors(buildBatchArrays([doc], 3), 3, 4);
    const features = tf.tidy(() => triggerFeatures(batch, lexicon).arraySync());
    disposeBatchTensors(batch);
    lexicon.dispose();
    const k = NUM_TRIGGER_CLASSES;
    const expected = (between: [string, number][], sentence: [string, number][]) => {
      const row = new Array<number>(2 * k).fill(0);
      for (const [name, v] of between) row[classOf(name)] = v;
      for (const [name, v] of sentence) row[k + classOf(name)] = v;
      return row;
    };
    // pair A-B: between = "strongly induced" (1 of 2), sentence words = strongly induced . (1 of 3)
    // pair C-D: between = "inhibits the" (1 of 2), sentence words = inhibits the . (1 of 3)
    // pair A-D: no shared sentence -> nothing between; both sentences averaged
    const rows = [
      expected([["positive", 1 / 2]], [["positive", 1 / 3]]),
      expected([["negative", 1 / 2]], [["negative", 1 / 3]]),
      expected(
        [],
        [
          ["positive", 1 / 6],
          ["negative", 1 / 6],
        ],
      ),
    ];
    for (const [p, row] of rows.entries())
      for (const [i, v] of row.entries()) expect(features[p]?.[i]).toBeCloseTo(v, 5);
  });
});

describe("ModelShape.triggerLexicon", () => {
  const corpus = syntheticCorpus(3, 17);
  const tokenizer = Tokenizer.fit(
    Array.from({ length: 2 }, () => ["induced", "inhibits", "binds", "alpha"]).flat(),
  );
  const make = (triggerLexicon: boolean | undefined) =>
    createModel({
      shape: triggerLexicon === undefined ? TINY_SHAPE : { ...TINY_SHAPE, triggerLexicon },
      seed: 5,
      labelSpace: corpus.labelSpace,
      numEntityTypes: corpus.numEntityTypes,
      numPairFeatures: corpus.numPairFeatures,
      tokenizer,
      vocabSize: corpus.vocabSize,
    });

  it("is on by default for new models; off has no trigger parameters; older configs load with it off", () => {
    const base = make(undefined);
    const off = make(false);
    expect(base.config.triggerLexicon).toBe(true);
    expect(paramSpecs(base.config).some((s) => s.name.startsWith("trigger/"))).toBe(true);
    expect(paramSpecs(off.config).some((s) => s.name.startsWith("trigger/"))).toBe(false);
    expect([...base.params.keys()].filter((k) => !k.startsWith("trigger/"))).toEqual([
      ...off.params.keys(),
    ]);
    // a config saved before the option existed loads with it off
    const { triggerLexicon: _, ...older } = base.config;
    expect(validateConfig(older as ModelConfig).triggerLexicon).toBe(false);
    base.dispose();
    off.dispose();
  });

  it("on: starts from the same logits (zero kernel), sets the lexicon from the tokenizer, never trains it", () => {
    const off = make(false);
    const on = make(true);
    const a = off.score(corpus.documents).relationLogits;
    const b = on.score(corpus.documents).relationLogits;
    for (const [i, v] of a.entries()) expect(b[i]).toBeCloseTo(v, 5);
    const lexicon = on.params.get(TRIGGER_PARAMS.lexicon);
    expect(lexicon?.trainable).toBe(false);
    expect(lexicon?.shape).toEqual([corpus.vocabSize, NUM_TRIGGER_CLASSES]);
    const row = ((lexicon?.arraySync() ?? []) as number[][])[
      tokenizer.encodeWord("binds")[0] as number
    ];
    expect(row?.[classOf("bind")]).toBe(1);
    off.dispose();
    on.dispose();
  });

  it("saves and loads with it on (lexicon, kernel and scores)", async () => {
    const model = make(true);
    const kernel = model.params.get(TRIGGER_PARAMS.kernel) as tf.Variable;
    tf.tidy(() => kernel.assign(tf.randomNormal(kernel.shape, 0, 1, "float32", 3)));
    // a document whose words include triggers, so the path changes the logits
    const doc = { ...(corpus.documents[0] as EncodedDocument) };
    doc.tokenIds = doc.tokenIds.map((id, i) =>
      i % 5 === 4 ? (tokenizer.encodeWord("induced")[0] as number) : id,
    );
    await expectSameScoresAfterReload(model, [doc], (loaded) => {
      expect(loaded.config.triggerLexicon).toBe(true);
      for (const name of Object.values(TRIGGER_PARAMS))
        expect(loaded.params.get(name)?.arraySync()).toEqual(model.params.get(name)?.arraySync());
    });
    model.dispose();
  });
});
