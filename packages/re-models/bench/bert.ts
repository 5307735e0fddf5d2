// BERT-base throughput on this machine's CPU paths: `pnpm --filter @biore/re-models exec tsx bench/bert.ts`
// (run it under `heavy` on the shared machine). Random weights of BERT-base shapes (12 layers,
// hidden 768, 12 heads, FFN 3072, 512 wordpieces per sequence), batch 1: tokens/s of a forward
// pass and of forward + backward (gradients of every weight), on tfjs's cpu backend with the fast
// kernels and onnxruntime-node matmuls ("ort", what `biore --backend auto` picks here), and on the
// wasm backend, measured in the same run. Then what that means for one BioRED Train epoch.
// BENCH_BERT_LAYERS=n measures n layers and scales to 12 (quicker; said so in the output).
import { readCollection } from "@biore/bioc-io";
import { buildCandidates, layoutDocument } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-layers"; // registers tfjs-core's gradient functions
import type { BertConfig } from "../src/encoders/bert/config.js";
import { bertHiddenStates } from "../src/encoders/bert/encoder.js";
import { bertParamSpecs } from "../src/encoders/bert/weights.js";
import { windowStarts } from "../src/encoders/bert/windows.js";

const LAYERS = Number(process.env.BENCH_BERT_LAYERS ?? 12);
const SEQ = 512;
const BASE: BertConfig = {
  vocabSize: 30522,
  hiddenSize: 768,
  numLayers: LAYERS,
  numHeads: 12,
  intermediateSize: 3072,
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenDropout: 0.1,
  attentionDropout: 0.1,
  padTokenId: 0,
};

/** Multiply-adds x2 per token of one forward pass: the weight matmuls plus attention scores and mixing. */
const FLOPS_PER_TOKEN = 12 * (2 * (4 * 768 * 768 + 2 * 768 * 3072) + 2 * 2 * SEQ * 768);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timeIt(work: () => void, reps: number): Promise<number> {
  work(); // warm-up (kernel compilation, allocation)
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    work();
    times.push((performance.now() - started) / 1000);
  }
  return median(times);
}

interface Figures {
  forward: number;
  training: number;
}

async function benchBackend(label: string): Promise<Figures> {
  const params = new Map<string, tf.Variable>();
  bertParamSpecs(BASE).forEach((spec, i) => {
    const init = spec.name.endsWith("_gamma")
      ? tf.ones(spec.shape)
      : tf.randomNormal(spec.shape, 0, 0.02, "float32", i + 1);
    params.set(spec.name, tf.variable(init));
    init.dispose();
  });
  const lookup = (name: string) => params.get(name) as tf.Tensor;
  const ids = tf.tensor2d(
    Int32Array.from({ length: SEQ }, (_, i) => (i * 7919) % BASE.vocabSize),
    [1, SEQ],
    "int32",
  );
  const mask = tf.ones([1, SEQ]) as tf.Tensor2D;
  const forwardSeconds = await timeIt(() => {
    tf.tidy(() => bertHiddenStates(lookup, BASE, ids, mask).dataSync());
  }, 2);
  const trainingSeconds = await timeIt(() => {
    const { value, grads } = tf.variableGrads(() =>
      tf.mean(bertHiddenStates(lookup, BASE, ids, mask, { seed: 1 })),
    );
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  }, 1);
  tf.dispose([ids, mask, ...params.values()]);
  const scale = LAYERS / 12;
  const figures = {
    forward: (SEQ * scale) / forwardSeconds,
    training: (SEQ * scale) / trainingSeconds,
  };
  console.log(
    `${label}: forward ${figures.forward.toFixed(0)} tokens/s (${((figures.forward * FLOPS_PER_TOKEN) / 1e9).toFixed(1)} GFLOP/s), forward+backward ${figures.training.toFixed(0)} tokens/s` +
      (LAYERS === 12 ? "" : ` (measured on ${LAYERS} layers, scaled to 12)`),
  );
  return figures;
}

/** Wordpieces BERT reads for BioRED Train: words x 1.25 (wordpieces per word, an assumption) + 2 markers per mention, in 512-wordpiece windows 255 apart. */
async function bioredWindowTokens(): Promise<{ documents: number; tokens: number } | undefined> {
  const file = dataFile("biored", "Train.BioC.XML");
  if (!haveData(file)) return undefined;
  const documents = (await readCollection(file)).documents;
  const candidates = buildCandidates(documents);
  let tokens = 0;
  candidates.documents.forEach((doc, i) => {
    const mentions = candidates.concepts[i]!.mentions;
    const words = layoutDocument(doc, mentions).words.length;
    const length = Math.round(words * 1.25) + 2 * mentions.length;
    const windows = windowStarts(length, SEQ - 2, (SEQ - 2) / 2).length;
    tokens += windows === 1 ? length + 2 : windows * SEQ;
  });
  return { documents: documents.length, tokens };
}

/** Measures one backend; a failure (e.g. wasm running out of its 4 GB heap) is printed, not fatal. */
async function tryBackend(
  name: string,
  setup: () => Promise<string>,
): Promise<Figures | undefined> {
  if (!(process.env.BENCH_BERT_BACKENDS ?? "ort,wasm").split(",").includes(name)) return undefined;
  try {
    return await benchBackend(await setup());
  } catch (error) {
    console.log(`${name}: failed (${(error as Error).message.split("\n")[0]})`);
    return undefined;
  }
}

const ort = await tryBackend("ort", async () => {
  await tf.setBackend("cpu");
  return `cpu + fast kernels (${registerFastCpuKernels({ onnxruntime: true }).summary})`;
});
unregisterFastCpuKernels();
const wasm = await tryBackend("wasm", async () => {
  await tf.setBackend("wasm");
  return `wasm (${tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT") ? "threads" : "1 thread"})`;
});
if (ort && wasm) {
  console.log(
    `ratio ort / wasm: forward ${(ort.forward / wasm.forward).toFixed(2)}x, forward+backward ${(ort.training / wasm.training).toFixed(2)}x`,
  );
}
const measured = [ort, wasm].filter((f): f is Figures => f !== undefined);
const best = [...measured].sort((a, b) => b.training - a.training)[0];
const fastestForward = Math.max(...measured.map((f) => f.forward));
const biored = await bioredWindowTokens();
if (biored && best) {
  console.log(
    `BioRED Train: ${biored.documents} documents, ~${biored.tokens.toLocaleString()} window wordpieces (estimated) -> one fine-tuning epoch ~${(biored.tokens / best.training / 60).toFixed(0)} min, one inference pass ~${(biored.tokens / fastestForward / 60).toFixed(1)} min on the fastest CPU path for each (heads and pooling excluded)`,
  );
  // Not measured: no GPU here. FLOP count x an assumed 5 TFLOP/s sustained by tfjs-node-gpu's
  // op-by-op TensorFlow kernels in FP32 (a V100 peaks at ~15): an estimate, not a measurement.
  const gpuTokens = 5e12 / (3 * FLOPS_PER_TOKEN);
  console.log(
    `GPU (ESTIMATE, unmeasured): at an assumed 5 TFLOP/s sustained, ~${gpuTokens.toFixed(0)} tokens/s forward+backward -> ~${(biored.tokens / gpuTokens).toFixed(0)} s per BioRED Train epoch`,
  );
} else {
  console.log("BioRED Train not found, or no backend measured: epoch estimate skipped");
}
