// ESM consumer: `import` must resolve every package to its ESM build (dist/*.js).
import * as bioc from "@biore/bioc-io";
import * as cli from "@biore/cli";
import * as miner from "@biore/hard-negative-miner";
import * as metrics from "@biore/re-metrics";
import * as models from "@biore/re-models";
import * as bert from "@biore/re-models/bert";
import * as experiment from "@biore/re-models/experiment";
import * as pretraining from "@biore/re-models/pretraining";
import * as typer from "@biore/re-models/typer";
import * as dataset from "@biore/relation-dataset";
import * as kernels from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs";
import scenario from "./scenario.cjs";

for (const name of [
  "bioc-io",
  "cli",
  "hard-negative-miner",
  "re-metrics",
  "re-models",
  "relation-dataset",
  "tfjs-kernels",
]) {
  const resolved = import.meta.resolve(`@biore/${name}`);
  if (!/\/node_modules\/@biore\/[^/]+\/dist\/index\.js$/.test(resolved)) {
    throw new Error(
      `@biore/${name} resolved to ${resolved}, expected its ESM build in node_modules`,
    );
  }
}
const n = await scenario.runScenario(
  { tf, bioc, dataset, miner, models, bert, experiment, pretraining, typer, metrics, cli, kernels },
  console.log,
);
console.log(`esm: ${n} checks passed`);
