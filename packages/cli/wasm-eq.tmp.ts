import { readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { createModelForDataset, registerFastCpuKernels, train, saveModel, loadModel } from "@biore/re-models";
const docs = (await readCollection("/work/shared/data/biored/Train.BioC.XML")).documents.slice(0, 40);
const ds = buildDataset(docs, { pairFilter: "seen-type-pairs", maxTokens: 256 });
const out: Record<string, Float32Array> = {};
for (const backend of ["wasm", "cpu"]) {
  await tf.setBackend(backend); await tf.ready();
  if (backend === "cpu") registerFastCpuKernels();
  const model = createModelForDataset(ds, { size: "small", seed: 1 });
  const r = await train(model, { documents: ds.documents.slice(0, 30) }, { objective: "hnm", epochs: 2, batchSize: 6, seed: 1, hnm: { warmupEpochs: 0 } });
  out[backend] = model.score(ds.documents.slice(30)).relationLogits;
  console.log(backend, r.history.map((h) => h.trainLoss.toFixed(5)).join(" "), tf.memory().numTensors);
  model.dispose();
}
let max = 0; for (let i = 0; i < out.cpu!.length; i++) max = Math.max(max, Math.abs(out.cpu![i]! - out.wasm![i]!));
console.log("max |logit diff| after 2 HNM epochs", max);
