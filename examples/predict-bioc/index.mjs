// Read a BioC XML file, predict document-level relations with a saved
// @biore/re-models model, and write the documents back as BioC JSON.
//
//   npm install @biore/bioc-io @biore/relation-dataset @biore/re-models @tensorflow/tfjs
//   node index.mjs --input Dev.BioC.XML --model ./my-model --out predictions.json
//
// Without --model, a tiny model is first trained for a minute on a slice of
// BioRED's Train split (found via $BIORED_DIR or ../shared/data/biored next to
// the repository) and saved to --save-model (default: a temp folder), so the
// example runs end to end. Such a model is a smoke test, not a useful model:
// train a real one with `biore train`.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readCollection, writeCollection } from "@biore/bioc-io";
import {
  createModelForDataset,
  loadModel,
  predict,
  registerFastCpuKernels,
  saveModel,
  train,
} from "@biore/re-models";
import { buildDataset } from "@biore/relation-dataset";
// The application, not the libraries, picks the tfjs backend: here the pure-JS cpu one.
import * as tf from "@tensorflow/tfjs";

const { values: args } = parseArgs({
  options: {
    input: { type: "string" },
    model: { type: "string" },
    out: { type: "string", default: "predictions.json" },
    docs: { type: "string" }, // predict only the first N documents
    "save-model": { type: "string" },
    "train-docs": { type: "string", default: "16" },
    epochs: { type: "string", default: "2" },
  },
});

await tf.setBackend("cpu");
registerFastCpuKernels(); // faster cpu kernels for the ops these models use; explicit, never on import

const input = args.input ?? join(bioredDir(), "Dev.BioC.XML");
const collection = await readCollection(input);
const documents = args.docs
  ? collection.documents.slice(0, Number(args.docs))
  : collection.documents;

const modelDir = args.model ?? (await trainTinyModel());
const model = loadModel(modelDir);
const { documents: predicted, relations } = predict(model, documents);
writeCollection({ ...collection, documents: predicted }, args.out); // format from the extension
model.dispose();
console.log(
  `predicted ${relations.length} relations in ${predicted.length} documents of ${input} -> ${args.out}`,
);

/** Trains a tiny model on the first documents of BioRED Train and saves it; returns its folder. */
async function trainTinyModel() {
  const trainFile = join(bioredDir(), "Train.BioC.XML");
  const trainDocs = (await readCollection(trainFile)).documents.slice(
    0,
    Number(args["train-docs"]),
  );
  const dataset = buildDataset(trainDocs);
  const model = createModelForDataset(dataset, {
    seed: 1,
    shape: {
      embeddingDim: 16,
      hiddenDim: 16,
      dilations: [1, 2],
      pairHiddenDim: 32,
      pairEmbeddingDim: 16,
      typePairDim: 8,
      projectionDim: 16,
    },
  });
  const result = await train(
    model,
    { documents: dataset.documents },
    { epochs: Number(args.epochs), batchSize: 4, seed: 1 },
  );
  const dir = args["save-model"] ?? mkdtempSync(join(tmpdir(), "biore-tiny-model-"));
  await saveModel(model, dir);
  model.dispose();
  console.log(
    `trained a tiny model on ${trainDocs.length} Train documents (${result.history.length} epochs) -> ${dir}`,
  );
  return dir;
}

function bioredDir() {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = process.env.BIORED_DIR ?? resolve(here, "../../../shared/data/biored");
  if (!existsSync(dir)) {
    console.error(
      `predict-bioc: BioRED not found at ${dir} (pass --input and --model, or set BIORED_DIR)`,
    );
    process.exit(1);
  }
  return dir;
}
