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
];
for (const name of names) {
  const resolved = require.resolve(`@biore/${name}`);
  if (!/[\\/]node_modules[\\/]@biore[\\/][^\\/]+[\\/]dist[\\/]index\.cjs$/.test(resolved)) {
    throw new Error(
      `@biore/${name} resolved to ${resolved}, expected its CJS build in node_modules`,
    );
  }
}
const modules = {
  tf: require("@tensorflow/tfjs"),
  bioc: require("@biore/bioc-io"),
  dataset: require("@biore/relation-dataset"),
  miner: require("@biore/hard-negative-miner"),
  models: require("@biore/re-models"),
  metrics: require("@biore/re-metrics"),
  cli: require("@biore/cli"),
};
runScenario(modules, console.log).then(
  (n) => console.log(`cjs: ${n} checks passed`),
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
