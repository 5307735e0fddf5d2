// The fused ops and kernels must not change the model's numbers: trains the small model briefly
// on `ort` (tfjs cpu + fast kernels + onnxruntime), then scores the same documents there, on tfjs's
// own cpu kernels (the fused ops' host loops still run: they are ops, not kernels) and on wasm (the
// tfjs-op versions of the fused ops), and prints the largest differences of the logits.
// Usage: tsx bench/numerics.ts   (needs ../shared/data)
import { readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";
import { dataFile, haveData } from "@biore/test-data";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { BIORED_TOKENIZER } from "../experiments/settings.js";
import { createModelForDataset, train } from "../src/index.js";

/** Largest |a - b| / max(1, |b|) over the two arrays. */
function worst(a: Float32Array, b: Float32Array): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) {
    w = Math.max(
      w,
      Math.abs((a[i] as number) - (b[i] as number)) / Math.max(1, Math.abs(b[i] as number)),
    );
  }
  return w;
}

const trainFile = dataFile("biored", "Train.BioC.XML");
if (!haveData(trainFile)) {
  console.log(`skipped: BioRED Train not found at ${trainFile}`);
} else {
  await tf.setBackend("cpu");
  console.log(registerFastCpuKernels({ onnxruntime: "auto" }).summary);
  const dataset = buildDataset((await readCollection(trainFile)).documents, {
    pairFilter: "seen-type-pairs",
    tokenizerOptions: BIORED_TOKENIZER,
  });
  const model = createModelForDataset(dataset, { size: "small", seed: 1 });
  await train(
    model,
    { documents: dataset.documents.slice(0, 48) },
    { epochs: 1, batchSize: 8, seed: 1 },
  );
  const docs = dataset.documents.slice(48, 112);
  const fast = model.score(docs).relationLogits;
  unregisterFastCpuKernels();
  const tfjsCpu = model.score(docs).relationLogits;
  await tf.setBackend("wasm");
  const wasm = model.score(docs).relationLogits;
  console.log(
    `${fast.length} logits of ${docs.length} documents; largest relative difference of ort vs tfjs cpu kernels ${worst(fast, tfjsCpu).toExponential(1)}, vs wasm ${worst(fast, wasm).toExponential(1)} (tfjs cpu vs wasm ${worst(tfjsCpu, wasm).toExponential(1)})`,
  );
  model.dispose();
}
