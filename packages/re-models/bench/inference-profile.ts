// Where inference CPU time goes, per cpu kernel and input shapes (CPU time via process.cpuUsage,
// since the machine is shared): `pnpm --filter @biore/re-models exec tsx bench/inference-profile.ts [docs]`.
import { readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { dataFile } from "@biore/test-data";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { BIORED_TOKENIZER } from "../experiments/settings.js";
import { createModelForDataset, registerFastCpuKernels } from "../src/index.js";

await tf.setBackend("cpu");
registerFastCpuKernels();
const n = Number(process.argv[2] ?? 60);
const trainDocs = (await readCollection(dataFile("biored", "Train.BioC.XML"))).documents;
const dataset = buildDataset(trainDocs, {
  pairFilter: "seen-type-pairs",
  tokenizerOptions: BIORED_TOKENIZER,
});
const model = createModelForDataset(dataset, { size: "small", seed: 1 });
const docs = dataset.documents.slice(0, n);
model.score(docs.slice(0, 8));
model.score(docs.slice(0, 8));

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const rows = new Map<string, { ms: number; calls: number }>();
const byName = new Map<string, number>();
let inKernels = 0;
let depth = 0;
for (const k of tf.getKernelsForBackend("cpu")) {
  const f = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, "cpu");
  tf.registerKernel({
    ...k,
    kernelFunc: (args) => {
      if (depth > 0) return f(args);
      depth++;
      const s = cpuMs();
      try {
        return f(args);
      } finally {
        depth--;
        const ms = cpuMs() - s;
        inKernels += ms;
        const shapes = Object.values(args.inputs)
          .map((t) => t?.shape.join("x"))
          .join(",");
        const key = `${k.kernelName} ${shapes}`;
        const e = rows.get(key) ?? { ms: 0, calls: 0 };
        e.ms += ms;
        e.calls++;
        rows.set(key, e);
        byName.set(k.kernelName, (byName.get(k.kernelName) ?? 0) + ms);
      }
    },
  });
}
const u0 = process.cpuUsage();
const c0 = cpuMs();
model.score(docs, { batchSize: Number(process.env.BS ?? 16) });
const total = cpuMs() - c0;
const uu = process.cpuUsage(u0);
console.log(`user ${uu.user / 1000} ms sys ${uu.system / 1000} ms`);
console.log(
  `score(${n} docs): ${total.toFixed(0)} ms CPU, in kernels ${inKernels.toFixed(0)} ms -> ${((n / total) * 1000).toFixed(1)} docs/CPU-s (wrapped)`,
);
for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(`  ${k.padEnd(20)} ${v.toFixed(0).padStart(6)} ms`);
if (process.env.DETAIL)
  for (const [k, v] of [...rows].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40))
    console.log(v.ms.toFixed(1).padStart(8), v.calls, k);
