// Inference end to end on one trained model, stage by stage: encoding BioRED Dev for the model
// (relation-dataset: tokenization, candidate pairs), scoring (batches + forward passes) and
// predict's decisions / BioC relations, in documents/s, on `ort` (tfjs cpu + onnxruntime
// matmuls) and wasm in the same run (ratios against wasm).
// The model is trained once (small, 1 epoch on Train, seed 1) and saved to INFERENCE_MODEL
// (default /tmp/biore-inference-model), then reused, so runs compare like with like.
// INFERENCE_SAVE=file writes the ort run's Dev logits and predictions; INFERENCE_COMPARE=file
// compares with such a file (largest logit difference relative to max(1, |logit|), identical
// relations or not).
// Usage: tsx bench/inference-speed.ts   (INFERENCE_ROUNDS=n, default 3; BENCH_BACKENDS=ort,wasm;
// BS=n documents per batch, default the model's; BENCH_ORT_THREADS=n; add --cpu-prof to node for a profile)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import { BIORED_TOKENIZER } from "../experiments/settings.js";
import {
  createModelForDataset,
  encodeForModel,
  loadModel,
  predict,
  saveModel,
  train,
} from "../src/index.js";
import { useEngine } from "./engine.js";

const modelDir = process.env.INFERENCE_MODEL ?? "/tmp/biore-inference-model";
const rounds = Number(process.env.INFERENCE_ROUNDS ?? 3);
const batchSize = process.env.BS ? Number(process.env.BS) : undefined;
const devFile = dataFile("biored", "Dev.BioC.XML");

async function trainedModelDir(): Promise<string> {
  if (existsSync(`${modelDir}/manifest.json`)) return modelDir;
  await useEngine("ort");
  const trainDocs = (await readCollection(dataFile("biored", "Train.BioC.XML"))).documents;
  const dataset = buildDataset(trainDocs, {
    pairFilter: "seen-type-pairs",
    tokenizerOptions: BIORED_TOKENIZER,
  });
  const model = createModelForDataset(dataset, { size: "small", seed: 1 });
  await train(model, { documents: dataset.documents }, { epochs: 1, batchSize: 8, seed: 1 });
  await saveModel(model, modelDir);
  model.dispose();
  console.log(`trained and saved ${modelDir}`);
  return modelDir;
}

const secondsOf = (work: () => unknown) => {
  const t0 = performance.now();
  work();
  return (performance.now() - t0) / 1000;
};

if (!haveData(devFile)) {
  console.log(`skipped: BioRED Dev not found at ${devFile}`);
} else {
  const dir = await trainedModelDir();
  const devDocs = (await readCollection(devFile)).documents;
  const n = devDocs.length;
  const engines = (process.env.BENCH_BACKENDS ?? "ort,wasm").split(",");
  const best = new Map<string, { score: number; predict: number }>();
  for (const engine of engines) {
    await useEngine(engine);
    const model = loadModel(dir);
    const dataset = encodeForModel(model, devDocs);
    const opts = batchSize ? { batchSize } : {};
    model.score(dataset.documents.slice(0, 16), opts); // warm-up
    let encode = Number.POSITIVE_INFINITY;
    let score = Number.POSITIVE_INFINITY;
    let whole = Number.POSITIVE_INFINITY;
    for (let r = 0; r < rounds; r++) {
      encode = Math.min(
        encode,
        secondsOf(() => encodeForModel(model, devDocs)),
      );
      score = Math.min(
        score,
        secondsOf(() => model.score(dataset.documents, opts)),
      );
      whole = Math.min(
        whole,
        secondsOf(() => predict(model, devDocs, opts)),
      );
    }
    const load = loadavg()[0]?.toFixed(1);
    console.log(
      `${engine}: Dev ${n} documents: encode ${(n / encode).toFixed(0)} docs/s, score ${(n / score).toFixed(0)} docs/s, predict end to end ${(n / whole).toFixed(0)} docs/s (best of ${rounds}; load average ${load})`,
    );
    best.set(engine, { score: n / score, predict: n / whole });
    if (engine === "ort") checkOutputs(model, dataset.documents, devDocs, opts);
    model.dispose();
  }
  const ort = best.get("ort");
  const wasm = best.get("wasm");
  if (ort && wasm) {
    console.log(
      `ort vs wasm: score ${(ort.score / wasm.score).toFixed(2)}x, predict ${(ort.predict / wasm.predict).toFixed(2)}x`,
    );
  }
}

/** Saves or compares the ort run's logits and predicted relations. */
function checkOutputs(
  model: ReturnType<typeof loadModel>,
  encoded: Parameters<ReturnType<typeof loadModel>["score"]>[0],
  devDocs: Parameters<typeof predict>[1],
  opts: { batchSize?: number },
): void {
  const scores = model.score(encoded, opts);
  const relations = predict(model, devDocs, opts).relations;
  const snapshot = {
    relationLogits: Array.from(scores.relationLogits),
    noveltyLogits: Array.from(scores.noveltyLogits),
    relations,
  };
  if (process.env.INFERENCE_SAVE)
    writeFileSync(process.env.INFERENCE_SAVE, JSON.stringify(snapshot));
  const against = process.env.INFERENCE_COMPARE;
  if (!against) return;
  const ref = JSON.parse(readFileSync(against, "utf8")) as typeof snapshot;
  // relative to max(1, |before|): type-masked logits sit near -1e4, where one float32 step is 1e-3
  const maxDiff = (a: number[], b: number[]) =>
    a.length !== b.length
      ? Number.POSITIVE_INFINITY
      : a.reduce((m, v, i) => {
          const was = b[i] as number;
          return Math.max(m, Math.abs(v - was) / Math.max(1, Math.abs(was)));
        }, 0);
  const key = (r: (typeof relations)[number]) =>
    `${r.documentId} ${r.entity1} ${r.entity2} ${r.type} ${r.novel}`;
  const same =
    relations.length === ref.relations.length &&
    relations.every((r, i) => key(r) === key(ref.relations[i] as (typeof relations)[number]));
  const scoreDiff = relations.reduce(
    (m, r, i) => Math.max(m, Math.abs(r.score - (ref.relations[i]?.score ?? Number.NaN))),
    0,
  );
  console.log(
    `against ${against}: ${relations.length} relations (${ref.relations.length} before), identical ${same}; max |Δ|/max(1,|logit|) relation ${maxDiff(snapshot.relationLogits, ref.relationLogits).toExponential(2)}, novelty ${maxDiff(snapshot.noveltyLogits, ref.noveltyLogits).toExponential(2)}, score ${scoreDiff.toExponential(2)}`,
  );
}
