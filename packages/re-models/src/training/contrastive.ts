import {
  type BaseMetricLoss,
  type BaseMiner,
  BatchEasyHardMiner,
  BatchHardMiner,
  CrossBatchMemory,
  MPerClassSampler,
  MultiSimilarityMiner,
  NTXentLoss,
  SupConLoss,
  TripletMarginLoss,
} from "@biore/hard-negative-miner";
import * as tf from "@tensorflow/tfjs-core";
import { gatherRows } from "../model/ops.js";
import type { ContrastiveTerm, ContrastiveTermState } from "./objective.js";
import type { HnmOptions } from "./options.js";

/** The metric loss named by the options. */
function buildLoss(options: Required<Omit<HnmOptions, "term">>): BaseMetricLoss {
  switch (options.loss) {
    case "supcon":
      return new SupConLoss({ temperature: options.temperature });
    case "ntxent":
      return new NTXentLoss({ temperature: options.temperature });
    case "triplet":
      return new TripletMarginLoss({ margin: options.margin });
  }
}

/** The miner named by the options (null = every valid pair/triplet). */
function buildMiner(options: Required<Omit<HnmOptions, "term">>): BaseMiner | null {
  switch (options.miner) {
    case "batch-hard":
      return new BatchHardMiner();
    case "batch-easy-hard":
      return new BatchEasyHardMiner();
    case "multi-similarity":
      return new MultiSimilarityMiner({ epsilon: options.margin });
    case "none":
      return null;
  }
}

/**
 * Class-balanced subset of a batch's pairs: `m` per relation class present
 * (MPerClassSampler, seeded), duplicates dropped, at most `maxPairs`.
 */
export function balancedPairs(
  labels: Int32Array,
  m: number,
  maxPairs: number,
  seed: number,
): Int32Array {
  const classes = new Set(labels).size;
  const sampler = new MPerClassSampler(labels, m, {
    batchSize: m * classes,
    lengthBeforeNewIter: m * classes,
    seed,
  });
  const unique = [...new Set(sampler.indices(0))].slice(0, maxPairs);
  return Int32Array.from(unique.sort((a, b) => a - b));
}

/**
 * The HNM contrastive term: class-balanced pairs of the batch, L2-normalized
 * projections, a hard-negative miner and a metric loss, optionally against a
 * cross-batch memory so rare relation types find partners across batches.
 */
export function buildContrastiveTerm(
  options: Required<Omit<HnmOptions, "term">>,
  projectionDim: number,
): ContrastiveTerm {
  const loss = buildLoss(options);
  const miner = buildMiner(options);
  const memory =
    options.memorySize > 0
      ? new CrossBatchMemory({
          loss,
          embeddingSize: projectionDim,
          memorySize: Math.max(options.memorySize, options.maxPairs),
          ...(miner ? { miner } : {}),
        })
      : null;
  return {
    compute(projection, labels, seed) {
      // Without None, only the batch's relation pairs take part (index map back into the batch).
      const pool = options.contrastNone
        ? null
        : Int32Array.from(labels.keys()).filter((i) => (labels[i] as number) !== 0);
      if (pool && pool.length === 0) return tf.mul(tf.sum(projection), 0) as tf.Scalar; // nothing to contrast
      const poolLabels = pool ? Int32Array.from(pool, (i) => labels[i] as number) : labels;
      const picked = balancedPairs(poolLabels, options.samplesPerClass, options.maxPairs, seed);
      const chosen = pool ? Int32Array.from(picked, (i) => pool[i] as number) : picked;
      const chosenLabels = Int32Array.from(chosen, (i) => labels[i] as number);
      const index = tf.tensor1d(chosen, "int32");
      const rows = gatherRows(projection, index);
      const embeddings = tf.div(rows, tf.add(tf.norm(rows, 2, 1, true), 1e-6)) as tf.Tensor2D;
      if (memory) return memory.compute(embeddings, chosenLabels);
      const mined = miner ? miner.mine(embeddings, chosenLabels) : null;
      return loss.compute(embeddings, chosenLabels, mined);
    },
    dispose() {
      memory?.dispose();
    },
    ...(memory
      ? {
          // the memory bank is state: without it a resumed run starts empty and diverges
          saveState(): ContrastiveTermState {
            const state = memory.getState();
            return state
              ? {
                  tensors: { memory: state.embeddings },
                  data: { labels: Array.from(state.labels) },
                }
              : { tensors: {}, data: { labels: [] } };
          },
          loadState(state: ContrastiveTermState) {
            const labels = Int32Array.from(state.data.labels as number[]);
            const embeddings = state.tensors.memory as tf.Tensor2D | undefined;
            // a missing tensor with labels present fails setState's checks (corrupt checkpoint)
            memory.setState(
              embeddings || labels.length > 0
                ? { embeddings: embeddings as tf.Tensor2D, labels }
                : null,
            );
          },
        }
      : {}),
  };
}
