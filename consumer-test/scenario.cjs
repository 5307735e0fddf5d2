// The consumer scenario: what a user does with the published @biore packages.
// esm.mjs loads them with `import`, cjs.cjs with `require`, and both hand the
// loaded modules to this one scenario, so the ESM and CJS builds run the same
// checks. Plain JavaScript on purpose: this is what an npm user would write.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** A model small enough to train in a second on the cpu backend. */
const TINY_SHAPE = {
  embeddingDim: 8,
  hiddenDim: 8,
  dilations: [1],
  pairHiddenDim: 8,
  pairEmbeddingDim: 8,
  typePairDim: 4,
  projectionDim: 8,
};

/** A tiny BioC JSON collection in BioRED's shape (document-level relations on concept ids). */
const BIOC_JSON = JSON.stringify({
  source: "consumer-test",
  date: "2026-01-01",
  key: "BioC.key",
  infons: {},
  documents: [
    {
      id: "doc1",
      infons: {},
      passages: [
        {
          offset: 0,
          infons: { type: "title" },
          text: "Aspirin reduces fever in patients with influenza.",
          annotations: [
            {
              id: "T1",
              infons: { type: "ChemicalEntity", identifier: "D001241" },
              text: "Aspirin",
              locations: [{ offset: 0, length: 7 }],
            },
            {
              id: "T2",
              infons: { type: "DiseaseOrPhenotypicFeature", identifier: "D005334" },
              text: "fever",
              locations: [{ offset: 16, length: 5 }],
            },
            {
              id: "T3",
              infons: { type: "DiseaseOrPhenotypicFeature", identifier: "D007251" },
              text: "influenza",
              locations: [{ offset: 39, length: 9 }],
            },
          ],
          relations: [],
          sentences: [],
        },
      ],
      relations: [
        {
          id: "R1",
          infons: {
            type: "Negative_Correlation",
            entity1: "D001241",
            entity2: "D005334",
            novel: "No",
          },
          nodes: [],
        },
      ],
      annotations: [],
    },
  ],
});

/**
 * Runs every check; `log` receives one line per check. Throws on the first
 * failure so the caller's exit code says it.
 */
async function runScenario(m, log) {
  const { tf, bioc, dataset, miner, models, metrics, cli, kernels } = m;
  let n = 0;
  const step = async (name, fn) => {
    await fn();
    n += 1;
    log(`  ok ${n} - ${name}`);
  };
  const close = (a, b, eps = 1e-6) => Math.abs(a - b) <= eps;

  await step("tfjs is usable (cpu backend)", async () => {
    await tf.ready();
    assert.equal(tf.getBackend(), "cpu");
    // The first cpu kernel prints tfjs's own "install tfjs-node" banner; get it out of the way.
    const two = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync()[0]);
    assert.equal(two, 2);
  });

  // Libraries never print: from here on, anything written to stdout/stderr
  // other than these check lines fails the scenario at the end.
  const printed = [];
  const original = { out: process.stdout.write, err: process.stderr.write };
  const capture = (stream) =>
    function (chunk, ...rest) {
      const text = String(chunk);
      if (!text.startsWith("  ok ") && !text.includes("running TensorFlow.js in Node.js"))
        printed.push(`${stream}: ${text.trimEnd()}`);
      return original[stream].call(this, chunk, ...rest);
    };
  process.stdout.write = capture("out");
  process.stderr.write = capture("err");

  // --- @biore/bioc-io ---------------------------------------------------------
  let collection;
  await step("bioc-io: parse a BioC JSON string", async () => {
    collection = bioc.parseCollection(BIOC_JSON);
    assert.equal(collection.documents.length, 1);
    const doc = collection.documents[0];
    assert.equal(doc.id, "doc1");
    assert.equal(doc.passages[0].annotations.length, 3);
    assert.equal(doc.relations[0].infons.type, "Negative_Correlation");
  });
  await step("bioc-io: JSON -> XML -> JSON keeps the document", async () => {
    const xml = bioc.formatCollection(collection, { format: "xml" });
    assert.match(xml, /^<\?xml|<collection/);
    const back = bioc.parseCollection(xml);
    assert.deepEqual(
      back.documents[0].passages[0].annotations.map((a) => [a.id, a.text, a.infons.identifier]),
      collection.documents[0].passages[0].annotations.map((a) => [
        a.id,
        a.text,
        a.infons.identifier,
      ]),
    );
  });
  await step("bioc-io: bad input throws a BioCError with a stable code and place", async () => {
    assert.throws(
      () => bioc.parseCollection('{"documents": [}'),
      (e) => {
        assert.ok(e instanceof bioc.BioCError, `not a BioCError: ${e}`);
        assert.equal(e.code, "JSON_SYNTAX");
        return true;
      },
    );
  });

  // --- @biore/relation-dataset ------------------------------------------------
  let data;
  await step("relation-dataset: concepts -> candidate pairs -> encoded documents", async () => {
    data = dataset.buildDataset(collection.documents);
    // 3 concepts -> 2 chemical-disease pairs (the disease-disease pair is one BioRED's
    // official scoring never counts, so none is made); the annotated one carries its type.
    const pairs = data.pairs[0];
    assert.equal(pairs.length, 2);
    const labels = pairs.map((p) => p.label).sort();
    assert.deepEqual(labels, ["Negative_Correlation", dataset.NONE_LABEL].sort());
    assert.equal(data.labelSpace.id(dataset.NONE_LABEL), 0);
    assert.equal(data.documents[0].pairHead.length, 2);
  });

  // --- @biore/tfjs-kernels ----------------------------------------------------
  await step(
    "tfjs-kernels: registerFastCpuKernels says what it installed; unregister restores",
    async () => {
      const previous = tf.getBackend();
      await tf.setBackend("cpu");
      const original = tf.getKernel("BatchMatMul", "cpu");
      const a = tf.randomNormal([33, 17], 0, 1, "float32", 1);
      const b = tf.randomNormal([17, 9], 0, 1, "float32", 2);
      const product = () => {
        const y = tf.matMul(a, b);
        const values = y.dataSync();
        y.dispose();
        return values;
      };
      const expected = product();
      const registration = kernels.registerFastCpuKernels();
      assert.ok(registration.registered.includes("BatchMatMul"), registration.summary);
      // onnxruntime-node is an optional peer the consumer did not install: JS kernels only
      assert.equal(registration.onnxruntime.active, false, registration.summary);
      const fast = product();
      for (let i = 0; i < expected.length; i++) {
        assert.ok(Math.abs(fast[i] - expected[i]) <= 1e-5 * Math.max(1, Math.abs(expected[i])));
      }
      kernels.unregisterFastCpuKernels();
      assert.equal(tf.getKernel("BatchMatMul", "cpu"), original);
      tf.dispose([a, b]);
      if (previous) await tf.setBackend(previous);
    },
  );

  // --- @biore/hard-negative-miner ---------------------------------------------
  await step(
    "hard-negative-miner: BatchHardMiner + SupConLoss on random embeddings, no leak",
    async () => {
      const before = tf.memory().numTensors;
      const labels = Int32Array.from({ length: 12 }, (_, i) => i % 3);
      const emb = tf.randomNormal([12, 6], 0, 1, "float32", 7);
      const hard = new miner.BatchHardMiner().mine(emb, labels);
      // one triplet per anchor: every anchor has a positive and a negative here
      assert.equal(hard.anchors.length, 12);
      for (let i = 0; i < 12; i++) {
        assert.equal(labels[hard.positives[i]], labels[hard.anchors[i]]);
        assert.notEqual(labels[hard.negatives[i]], labels[hard.anchors[i]]);
      }
      const loss = new miner.SupConLoss({ temperature: 0.1 }).compute(emb, labels, hard);
      const value = (await loss.data())[0];
      assert.ok(Number.isFinite(value) && value > 0, `loss ${value}`);
      tf.dispose([emb, loss]);
      assert.equal(tf.memory().numTensors, before);
    },
  );
  await step("hard-negative-miner: the loss is differentiable with the user's tfjs", async () => {
    const labels = Int32Array.from({ length: 8 }, (_, i) => i % 2);
    const w = tf.variable(tf.randomNormal([5, 4], 0, 1, "float32", 3));
    const x = tf.randomNormal([8, 5], 0, 1, "float32", 4);
    const mine = new miner.BatchHardMiner();
    const supcon = new miner.SupConLoss();
    const { value, grads } = tf.variableGrads(() => {
      const e = tf.matMul(x, w);
      return supcon.compute(e, labels, mine.mine(e, labels));
    }, [w]);
    const g = await grads[w.name].data();
    assert.ok(g.some((v) => v !== 0) && g.every(Number.isFinite));
    tf.dispose([value, x, w, ...Object.values(grads)]);
  });

  // --- @biore/re-metrics --------------------------------------------------------
  await step("re-metrics: BioRED scores of a prediction against gold", async () => {
    const gold = metrics.relationsFromBioC(collection);
    const predicted = [
      {
        documentId: "doc1",
        entity1: "D005334",
        entity2: "D001241",
        type: "Negative_Correlation",
        novel: "Novel",
      },
      {
        documentId: "doc1",
        entity1: "D001241",
        entity2: "D007251",
        type: "Association",
        novel: "No",
      },
    ];
    // Plain predictions carry no entity types: NCBI's rules look them up in the annotations.
    const scores = metrics.bioredScores(gold, predicted, { entityTypes: collection });
    // The pair order does not matter; the novelty is wrong; one false positive.
    assert.deepEqual([scores.pair.tp, scores.pair.fp, scores.pair.fn], [1, 1, 0]);
    assert.ok(close(scores.pair.f1, 2 / 3));
    assert.equal(scores.all.tp, 0);
    assert.ok(close(metrics.f1FromPrecisionRecall(0.5, 1), 2 / 3));
  });

  // --- @biore/re-models -------------------------------------------------------
  await step("re-models: create a tiny model and score the encoded pairs", async () => {
    const model = models.createModel({
      labelSpace: data.labelSpace,
      tokenizer: data.tokenizer,
      entityTypes: data.entityTypes,
      numPairFeatures: dataset.NUM_PAIR_FEATURES,
      shape: TINY_SHAPE,
      seed: 1,
    });
    const before = tf.memory().numTensors;
    const scores = model.score(data.documents);
    assert.equal(scores.numPairs, 2);
    assert.equal(scores.relationLogits.length, 2 * data.labelSpace.size);
    assert.ok(scores.relationLogits.every(Number.isFinite));
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });

  await step(
    "re-models subpaths: /pretraining and /bert share the model code of the main entry",
    async () => {
      const { bert, pretraining } = m;
      assert.equal(typeof pretraining.pretrainTokenEmbeddings, "function");
      assert.equal(typeof bert.createBertModel, "function");
      assert.equal(
        models.pretrainTokenEmbeddings,
        undefined,
        "pre-training lives in its own entry",
      );
      // one copy of the error base and of the model classes behind all three entries
      const e = new bert.CheckpointError("CONFIG_INVALID", "config.json: not a BERT config");
      assert.ok(e instanceof models.BioreError && e.code === "CONFIG_INVALID");
      assert.ok(
        new pretraining.PretrainingError("EMPTY_CORPUS", "no text") instanceof models.BioreError,
      );
    },
  );

  await step(
    "re-models/experiment: the runner's entry shares the model code and errors",
    async () => {
      const { experiment } = m;
      for (const name of [
        "holdOutForSelection",
        "trainRun",
        "evaluateRun",
        "seedSummary",
        "compareSystems",
        "runExperiment",
        "trainEnsemble",
      ]) {
        assert.equal(typeof experiment[name], "function", name);
      }
      assert.throws(
        () => experiment.holdOutForSelection([], { seed: 1 }),
        (e) => e instanceof models.ModelError && e.code === "INVALID_INPUT",
      );
    },
  );

  await step(
    "re-models: train 1 epoch, fuse a linear typer, save, load, predict BioC relations",
    async () => {
      const model = models.createModelForDataset(data, { seed: 2, shape: TINY_SHAPE });
      const result = await models.train(
        model,
        { documents: data.documents },
        { epochs: 1, batchSize: 1, seed: 2 },
      );
      assert.equal(result.history.length, 1);
      // the linear typer of @biore/re-models/typer: fitted on the same documents, fused, saved with the model
      const { typer } = m;
      const fitted = typer.fitLinearTyper(typer.typerInputs(data, collection.documents), {
        labels: model.labelSpace.labels,
        l2: typer.DEFAULT_TYPER_L2,
      });
      model.attachTyper(fitted.typer, { weight: typer.DEFAULT_TYPER_FUSION.weight });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "biore-scenario-model-"));
      try {
        await models.saveModel(model, dir);
        const loaded = models.loadModel(dir);
        const a = models.predict(model, collection.documents);
        const b = models.predict(loaded, collection.documents);
        // Same predictions from the saved and the loaded model, written as BioRED-style BioC relations.
        assert.deepEqual(b.relations, a.relations);
        assert.equal(b.documents.length, 1);
        for (const r of b.documents[0].relations) {
          assert.ok(r.infons.entity1 && r.infons.entity2 && r.infons.type);
          assert.ok(["Novel", "No"].includes(r.infons.novel));
        }
        assert.ok(loaded.typer, "the typer came back with the model");
        assert.ok(fs.existsSync(path.join(dir, "typer.json")));
        loaded.dispose();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        model.dispose();
      }
    },
  );

  await step(
    "re-models: a 2-model ensemble saved with saveEnsemble loads as one model and predicts as its members averaged",
    async () => {
      const members = [];
      for (const seed of [3, 4]) {
        const member = models.createModelForDataset(data, { seed, shape: TINY_SHAPE });
        await models.train(
          member,
          { documents: data.documents },
          { epochs: 1, batchSize: 1, seed },
        );
        members.push(member);
      }
      const view = models.ensembleView(members);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "biore-scenario-ensemble-"));
      try {
        await models.saveEnsemble(members, view.decision, dir);
        assert.ok(fs.existsSync(path.join(dir, "ensemble.json")));
        const loaded = models.loadModel(dir);
        assert.equal(models.ensembleMembers(loaded)?.length, 2);
        const a = models.predict(view, collection.documents);
        const b = models.predict(loaded, collection.documents);
        assert.deepEqual(b.relations, a.relations);
        loaded.dispose(); // frees the loaded members
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        for (const member of members) member.dispose();
      }
    },
  );

  // --- @biore/cli (as a library) ----------------------------------------------
  await step("cli: backend choices and program", async () => {
    assert.ok(cli.BACKEND_CHOICES.includes("cpu"));
    assert.equal(cli.createProgram().name(), "biore");
  });

  process.stdout.write = original.out;
  process.stderr.write = original.err;
  await step("the libraries printed nothing", async () => {
    assert.deepEqual(printed, []);
  });
  return n;
}

module.exports = { runScenario, BIOC_JSON };
