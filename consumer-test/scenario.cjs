// The consumer scenario: what a user does with the published @biore packages.
// esm.mjs loads them with `import`, cjs.cjs with `require`, and both hand the
// loaded modules to this one scenario, so the ESM and CJS builds run the same
// checks. Plain JavaScript on purpose: this is what an npm user would write.
"use strict";

const assert = require("node:assert/strict");

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
  const { tf, bioc, dataset, miner, models, metrics, cli } = m;
  let n = 0;
  const step = async (name, fn) => {
    await fn();
    n += 1;
    log(`  ok ${n} - ${name}`);
  };

  await step("tfjs is usable (cpu backend)", async () => {
    await tf.ready();
    assert.equal(tf.getBackend(), "cpu");
  });

  // --- @biore/bioc-io ---------------------------------------------------------
  let collection;
  await step("bioc-io: parse a BioC JSON string", async () => {
    collection = await bioc.readCollection(BIOC_JSON);
    assert.equal(collection.documents.length, 1);
    const doc = collection.documents[0];
    assert.equal(doc.id, "doc1");
    assert.equal(doc.passages[0].annotations.length, 3);
    assert.equal(doc.relations[0].infons.type, "Negative_Correlation");
  });
  await step("bioc-io: bad input throws a BioCError with a stable code", async () => {
    await assert.rejects(bioc.readCollection('{"documents": [}'), (e) => {
      assert.ok(e instanceof bioc.BioCError, `not a BioCError: ${e}`);
      assert.equal(typeof e.code, "string");
      return true;
    });
  });

  // --- @biore/relation-dataset ------------------------------------------------
  await step("relation-dataset: label space with None = 0", async () => {
    const labels = new dataset.LabelSpace(["Negative_Correlation", "Association"]);
    assert.equal(labels.id(dataset.NONE_LABEL), 0);
    assert.equal(labels.label(labels.id("Association")), "Association");
  });

  // --- @biore/hard-negative-miner ---------------------------------------------
  await step("hard-negative-miner: on random embeddings, no tensor leak", async () => {
    const before = tf.memory().numTensors;
    const emb = tf.randomNormal([8, 4], 0, 1, "float32", 7);
    const sim = miner.cosineSimilarityMatrix(emb);
    const values = await sim.array();
    assert.equal(values.length, 8);
    for (let i = 0; i < 8; i++) assert.ok(Math.abs(values[i][i] - 1) < 1e-4);
    tf.dispose([emb, sim]);
    assert.equal(tf.memory().numTensors, before);
  });

  // --- @biore/re-metrics --------------------------------------------------------
  await step("re-metrics: F1", async () => {
    assert.ok(Math.abs(metrics.f1FromPrecisionRecall(0.5, 1) - 2 / 3) < 1e-12);
  });

  // --- @biore/re-models -------------------------------------------------------
  await step("re-models: named model shape", async () => {
    assert.ok(models.modelShape("small").hiddenDim > 0);
  });

  // --- @biore/cli (as a library) ----------------------------------------------
  await step("cli: backend choices and program", async () => {
    assert.ok(cli.BACKEND_CHOICES.includes("cpu"));
    assert.equal(typeof cli.createProgram().name(), "string");
  });

  return n;
}

module.exports = { runScenario, BIOC_JSON };
