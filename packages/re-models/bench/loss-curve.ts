// The training loss curve and the logits of a small fixed-seed run, written as JSON, to check
// that a speed change keeps the numerics: run it before and after, then compare the two files.
// Usage: tsx bench/loss-curve.ts <out.json> [docs=48] [epochs=3]   (BENCH_ENGINE=ort|cpu|wasm,
// default ort; needs ../shared/data)
//        tsx bench/loss-curve.ts --compare <before.json> <after.json>
import { readFileSync, writeFileSync } from "node:fs";
import { readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import { BIORED_TOKENIZER } from "../experiments/settings.js";
import { createModelForDataset, train } from "../src/index.js";
import { useEngine } from "./engine.js";

interface Curve {
  engine: string;
  losses: number[];
  gradNorms: number[];
  logits: number[];
}

/** Largest |a - b| / max(|b|, 1e-3) over two equally long lists. */
function maxRelative(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-3));
  });
  return worst;
}

/** Largest |a - b|. */
function maxAbsolute(a: number[], b: number[]): number {
  return a.reduce((worst, x, i) => Math.max(worst, Math.abs(x - (b[i] as number))), 0);
}

if (process.argv[2] === "--compare") {
  const [before, after] = [process.argv[3], process.argv[4]].map(
    (path) => JSON.parse(readFileSync(path as string, "utf8")) as Curve,
  ) as [Curve, Curve];
  console.log(
    `${before.losses.length} steps: loss max relative deviation ${maxRelative(after.losses, before.losses).toExponential(2)}, gradient norm ${maxRelative(after.gradNorms, before.gradNorms).toExponential(2)}; ${before.logits.length} logits after training: ${maxRelative(after.logits, before.logits).toExponential(2)} relative, ${maxAbsolute(after.logits, before.logits).toExponential(2)} absolute`,
  );
} else {
  const trainFile = dataFile("biored", "Train.BioC.XML");
  if (!haveData(trainFile)) {
    console.log(`skipped: BioRED Train not found at ${trainFile}`);
  } else {
    const engine = process.env.BENCH_ENGINE ?? "ort";
    await useEngine(engine);
    const dataset = buildDataset((await readCollection(trainFile)).documents, {
      pairFilter: "seen-type-pairs",
      tokenizerOptions: BIORED_TOKENIZER,
    });
    const docs = dataset.documents.slice(0, Number(process.argv[3] ?? 48));
    const model = createModelForDataset(dataset, { size: "small", seed: 1 });
    const curve: Curve = { engine, losses: [], gradNorms: [], logits: [] };
    await train(
      model,
      { documents: docs },
      { epochs: Number(process.argv[4] ?? 3), batchSize: 8, seed: 1 },
      {
        onBatchEnd: ({ loss, gradNorm }) => {
          curve.losses.push(loss);
          curve.gradNorms.push(gradNorm);
        },
      },
    );
    const scores = model.score(docs.slice(0, 16));
    curve.logits = Array.from(scores.relationLogits);
    model.dispose();
    writeFileSync(process.argv[2] as string, JSON.stringify(curve));
    console.log(`${engine}: ${curve.losses.length} steps, last loss ${curve.losses.at(-1)}`);
  }
}
