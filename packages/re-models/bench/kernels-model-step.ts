// Training steps timed with and without the fast kernels: a small tfjs-layers model
// (embedding -> conv1d -> dense, as in issue 7) and a tfjs-core step shaped like the relation
// model (embeddings, dilated convolutions written as matMul + shifts, layer norm, log-sum-exp
// mention pooling, pair MLP, softmax cross-entropy and a cosine-similarity contrastive term).
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
// The model's own row lookup (scatter-add gradient) and time shift, so the step is shaped like it.
import { gatherRows, shiftTime } from "../src/model/ops.js";

/** A step to time, and the tensors/models to free afterwards. */
export interface StepCase {
  label: string;
  shape: string;
  step: () => Promise<void> | void;
  dispose: () => void;
}

/** Embedding(vocab 500, 32) -> conv1d(64, k3, same) -> global max pool -> dense(8), Adam, 8 × 64 tokens. */
export function layersModelStep(): StepCase {
  const vocab = 500;
  const batch = 8;
  const length = 64;
  const model = tfl.sequential({
    layers: [
      tfl.layers.embedding({ inputDim: vocab, outputDim: 32, inputLength: length }),
      tfl.layers.conv1d({ filters: 64, kernelSize: 3, padding: "same", activation: "relu" }),
      tfl.layers.globalMaxPooling1d(),
      tfl.layers.dense({ units: 8, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const x = tf.randomUniform([batch, length], 0, vocab, "int32", 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 8, "int32", 2) as tf.Tensor1D, 8);
  return {
    label: "layers model trainOnBatch",
    shape: `${batch} x ${length} tokens, vocab ${vocab}`,
    step: async () => {
      await model.trainOnBatch(x, y);
    },
    dispose: () => {
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}

/** One gradient step of a relation-model-shaped network on `docs` documents of 400 tokens. */
export function relationModelStep(docs: number): StepCase {
  const [T, H, M, C, P, V, L] = [400, 64, 40, 20, 150 * docs, 20000, 9];
  const v = (shape: number[], seed: number) =>
    tf.variable(tf.randomUniform(shape, -0.1, 0.1, "float32", seed));
  const params = {
    tokens: v([V, H], 1),
    convs: [1, 2, 4].map((d, i) => ({ d, w: v([H, 3 * H], 10 + i), gamma: v([H], 20 + i) })),
    pairW: v([4 * H, 128], 30),
    outW: v([128, L], 31),
    projW: v([128, 64], 32),
  };
  const ids = tf.randomUniform([docs * T], 0, V, "int32", 40);
  const mentionWeights = tf.randomUniform([docs, M, T], 0, 1, "float32", 41);
  const conceptMentions = tf.cast(
    tf.greater(tf.randomUniform([docs, C, M], 0, 1, "float32", 42), 0.9),
    "float32",
  );
  const heads = tf.randomUniform([P], 0, docs * C, "int32", 43);
  const tails = tf.randomUniform([P], 0, docs * C, "int32", 44);
  const labels = tf.oneHot(tf.randomUniform([P], 0, L, "int32", 45) as tf.Tensor1D, L);
  const sameLabel = tf.cast(
    tf.equal(tf.expandDims(tf.argMax(labels, 1), 1), tf.expandDims(tf.argMax(labels, 1), 0)),
    "float32",
  );
  const optimizer = tf.train.sgd(0.01);
  const loss = () => {
    let x = tf.reshape(gatherRows(params.tokens as tf.Tensor2D, ids as tf.Tensor1D), [
      docs,
      T,
      H,
    ]) as tf.Tensor3D;
    for (const { d, w, gamma } of params.convs) {
      const projected = tf.reshape(tf.matMul(tf.reshape(x, [docs * T, H]), w), [docs, T, 3 * H]);
      const [before, here, after] = tf.split(projected, 3, 2) as [
        tf.Tensor3D,
        tf.Tensor3D,
        tf.Tensor3D,
      ];
      const mixed = tf.add(
        x,
        tf.relu(tf.add(tf.add(shiftTime(before, d), here), shiftTime(after, -d))),
      );
      const { mean, variance } = tf.moments(mixed, -1, true);
      x = tf.mul(
        tf.div(tf.sub(mixed, mean), tf.sqrt(tf.add(variance, 1e-5))),
        gamma,
      ) as tf.Tensor3D;
    }
    const mentions = tf.matMul(mentionWeights, x);
    const top = tf.max(mentions, 1, true);
    const pooled = tf.add(
      tf.log(tf.add(tf.matMul(conceptMentions, tf.exp(tf.sub(mentions, top))), 1e-12)),
      top,
    );
    const concepts = tf.reshape(pooled, [docs * C, H]);
    const head = tf.gather(concepts, heads);
    const tail = tf.gather(concepts, tails);
    const pair = tf.concat([head, tail, tf.mul(head, tail), tf.abs(tf.sub(head, tail))], 1);
    const hidden = tf.relu(tf.matMul(pair, params.pairW));
    const ce = tf.losses.softmaxCrossEntropy(labels, tf.matMul(hidden, params.outW));
    const z = tf.matMul(hidden, params.projW);
    const unit = tf.div(z, tf.add(tf.norm(z, "euclidean", 1, true), 1e-8));
    const sim = tf.div(tf.matMul(unit, unit, false, true), 0.1);
    const logProb = tf.sub(sim, tf.logSumExp(sim, 1, true));
    const supcon = tf.neg(
      tf.mean(tf.div(tf.sum(tf.mul(logProb, sameLabel), 1), tf.sum(sameLabel, 1))),
    );
    return tf.add(ce, tf.mul(supcon, 0.5)) as tf.Scalar;
  };
  const constants = [ids, mentionWeights, conceptMentions, heads, tails, labels, sameLabel];
  return {
    label: "relation-shaped step",
    shape: `${docs} docs x ${T} tokens, ${P} pairs`,
    step: () => {
      const cost = optimizer.minimize(loss, true);
      cost?.dataSync();
      cost?.dispose();
    },
    dispose: () => {
      tf.dispose([
        params.tokens,
        params.pairW,
        params.outW,
        params.projW,
        ...params.convs.flatMap((c) => [c.w, c.gamma]),
      ]);
      tf.dispose(constants);
      optimizer.dispose();
    },
  };
}
