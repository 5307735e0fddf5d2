// Hard negative mining + supervised contrastive loss in a plain TensorFlow.js
// training loop. The model, the data and the optimizer are ordinary tfjs; the
// only @biore code is the miner and the loss.
//
//   npm install @biore/hard-negative-miner @tensorflow/tfjs
//   node index.mjs
import { BatchHardMiner, SupConLoss } from "@biore/hard-negative-miner";
import * as tf from "@tensorflow/tfjs";

// Toy data: 4 classes of noisy points in 16 dimensions (seeded, so runs repeat).
const CLASSES = 4;
const PER_CLASS = 16;
const centers = tf.randomNormal([CLASSES, 16], 0, 1, "float32", 1);
const labels = Int32Array.from({ length: CLASSES * PER_CLASS }, (_, i) => i % CLASSES);
const x = tf.tidy(() =>
  tf.add(
    tf.gather(centers, tf.tensor1d(labels, "int32")),
    tf.randomNormal([labels.length, 16], 0, 1.5, "float32", 2),
  ),
);

// Any tfjs model that maps inputs to embeddings.
const model = tf.sequential({
  layers: [
    tf.layers.dense({
      inputShape: [16],
      units: 32,
      activation: "relu",
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    }),
    tf.layers.dense({ units: 8, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
  ],
});
const optimizer = tf.train.adam(0.01);

// ---- the ~10 lines this example is about ----------------------------------
const miner = new BatchHardMiner(); // hardest positive + hardest negative per anchor
const loss = new SupConLoss({ temperature: 0.1 });
const losses = [];
for (let step = 0; step < 40; step++) {
  const value = optimizer.minimize(() => {
    const embeddings = model.apply(x, { training: true });
    const hard = miner.mine(embeddings, labels); // plain Int32Array indices, no gradients
    return loss.compute(embeddings, labels, hard);
  }, true);
  losses.push(value.dataSync()[0]);
  value.dispose();
}
// ---------------------------------------------------------------------------

console.log(
  `SupCon loss on mined hard triplets: ${losses[0].toFixed(4)} -> ${losses.at(-1).toFixed(4)} over ${losses.length} steps`,
);
tf.dispose([centers, x]);
model.dispose();
