// CommonJS consumer: `require` must resolve every package to its CJS build (dist/*.cjs).
"use strict";
const { runScenario } = require("./scenario.cjs");

const names = [
  "bioc-io",
  "cli",
  "hard-negative-miner",
  "re-metrics",
  "re-models",
  "relation-dataset",
  "tfjs-kernels",
];
for (const name of names) {
  const resolved = require.resolve(`@biore/${name}`);
  if (!/[\\/]node_modules[\\/]@biore[\\/][^\\/]+[\\/]dist[\\/]index\.cjs$/.test(resolved)) {
    throw new Error(
      `@biore/${name} resolved to ${resolved}, expected its CJS build in node_modules`,
    );
  }
}
// "sideEffects": false is a promise: requiring the libraries must not touch
// tfjs (no kernel replaced, no backend registered or switched).
const tf = require("@tensorflow/tfjs");
const kernelsBefore = new Map(
  tf.getKernelsForBackend("cpu").map((k) => [k.kernelName, k.kernelFunc]),
);
const backendsBefore = Object.keys(tf.engine().registryFactory).sort().join(",");
const modules = {
  tf,
  bioc: require("@biore/bioc-io"),
  dataset: require("@biore/relation-dataset"),
  miner: require("@biore/hard-negative-miner"),
  models: require("@biore/re-models"),
  bert: require("@biore/re-models/bert"),
  experiment: require("@biore/re-models/experiment"),
  pretraining: require("@biore/re-models/pretraining"),
  typer: require("@biore/re-models/typer"),
  metrics: require("@biore/re-metrics"),
  cli: require("@biore/cli"),
  kernels: require("@biore/tfjs-kernels"),
};
const replaced = tf
  .getKernelsForBackend("cpu")
  .filter((k) => kernelsBefore.get(k.kernelName) !== k.kernelFunc)
  .map((k) => k.kernelName);
if (replaced.length)
  throw new Error(`requiring @biore/* replaced cpu kernels: ${replaced.join(", ")}`);
if (Object.keys(tf.engine().registryFactory).sort().join(",") !== backendsBefore) {
  throw new Error("requiring @biore/* registered a tfjs backend");
}
console.log("  ok - requiring the libraries left tfjs's kernels and backends alone");
runScenario(modules, console.log).then(
  (n) => console.log(`cjs: ${n} checks passed`),
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
