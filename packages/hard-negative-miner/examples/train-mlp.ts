// A plain TensorFlow.js training loop — a two-layer MLP on synthetic data — where metric
// learning is three added lines (marked "+"). Prints precision@1 of the embeddings before
// and after training. Run: pnpm --filter @biore/hard-negative-miner example
import * as tf from "@tensorflow/tfjs"; // registers the cpu backend and every gradient
import { BatchHardMiner, MPerClassSampler, TripletMarginLoss } from "../src/index.js";

const CLASSES = 10;
const PER_CLASS = 60;
const INPUT_DIM = 32;
const EMBED_DIM = 16;

/** Seeded synthetic data: class centres pushed through a fixed random non-linear map, plus noise. */
function makeData(seed: number, perClass: number) {
  return tf.tidy(() => {
    const centres = tf.randomNormal([CLASSES, 8], 0, 1, "float32", 1);
    const mix = tf.randomNormal([8, INPUT_DIM], 0, 1, "float32", 2);
    const labels = Int32Array.from({ length: CLASSES * perClass }, (_, i) => i % CLASSES);
    const latent = tf.add(
      tf.gather(centres, tf.tensor1d(labels, "int32")),
      tf.randomNormal([labels.length, 8], 0, 0.5, "float32", seed),
    );
    const x = tf.add(
      tf.tanh(tf.matMul(latent, mix)),
      tf.randomNormal([labels.length, INPUT_DIM], 0, 1.0, "float32", seed + 1),
    );
    return { x: tf.keep(x) as tf.Tensor2D, labels };
  });
}

/** Precision@1: share of points whose nearest other point (cosine) has the same label. */
function precisionAt1(embeddings: tf.Tensor2D, labels: Int32Array): number {
  const sim = tf.tidy(() => {
    const n = tf.div(embeddings, tf.norm(embeddings, 2, 1, true));
    return tf.matMul(n, n, false, true).arraySync() as number[][];
  });
  let hits = 0;
  sim.forEach((row, i) => {
    let best = -1;
    row.forEach((v, j) => {
      if (j !== i && (best < 0 || v > row[best]!)) best = j;
    });
    if (labels[best] === labels[i]) hits++;
  });
  return hits / labels.length;
}

async function main() {
  await tf.setBackend("cpu");
  const train = makeData(10, PER_CLASS);
  const test = makeData(20, 30);

  const w1 = tf.variable(
    tf.randomNormal([INPUT_DIM, 64], 0, Math.sqrt(2 / INPUT_DIM), "float32", 3),
  );
  const b1 = tf.variable(tf.zeros([64]));
  const w2 = tf.variable(tf.randomNormal([64, EMBED_DIM], 0, Math.sqrt(1 / 64), "float32", 4));
  const mlp = (x: tf.Tensor2D) =>
    tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2) as tf.Tensor2D;
  const optimizer = tf.train.adam(0.01);
  const sampler = new MPerClassSampler(train.labels, 8, {
    batchSize: 64,
    lengthBeforeNewIter: 640,
    seed: 5,
  });

  const before = tf.tidy(() => precisionAt1(mlp(test.x), test.labels));
  const miner = new BatchHardMiner(); // +
  const loss = new TripletMarginLoss({ margin: 0.2 }); // +
  let last = 0;
  for (let epoch = 0; epoch < 15; epoch++) {
    for (const batch of sampler.batches(epoch)) {
      const labels = batch.map((i) => train.labels[i]!);
      const value = optimizer.minimize(() => {
        const embeddings = mlp(tf.gather(train.x, tf.tensor1d(batch, "int32")) as tf.Tensor2D);
        return loss.compute(embeddings, labels, miner.mine(embeddings, labels)); // +
      }, true)!;
      last = value.dataSync()[0]!;
      value.dispose();
    }
  }
  const after = tf.tidy(() => precisionAt1(mlp(test.x), test.labels));
  console.log(`triplet loss (batch-hard) at the end: ${last.toFixed(4)}`);
  console.log(`precision@1 on held-out data: ${before.toFixed(3)} -> ${after.toFixed(3)}`);
  tf.dispose([train.x, test.x, w1, b1, w2]);
}

await main();
