import {
  type BaseMetricLoss,
  BaseMiner,
  CrossBatchMemory,
  type IndicesTuple,
  type Labels,
  MPerClassSampler,
  SupConLoss,
  TopKHardPairsMiner,
  toPairs,
} from "@biore/hard-negative-miner";
import * as tf from "@tensorflow/tfjs-core";
import { ModelError } from "../errors.js";
import { gatherRows } from "../model/ops.js";
import type { ContrastiveTerm, ContrastiveTermState } from "./objective.js";
import type { MiningStats, ResolvedHnmOptions } from "./options.js";

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
 * Wraps a miner to count what it keeps out of what it was offered, so a run
 * can show whether "hard negative mining" selects anything at all.
 */
class CountingMiner extends BaseMiner {
  private offered = { positives: 0, negatives: 0 };
  private kept = { positives: 0, negatives: 0 };

  constructor(readonly inner: BaseMiner) {
    super(inner.distance);
  }

  override get respectsGroups(): boolean {
    return this.inner.respectsGroups;
  }

  override mine(
    embeddings: tf.Tensor2D,
    labels: Labels,
    refEmbeddings?: tf.Tensor2D,
    refLabels?: Labels,
  ): IndicesTuple {
    const mined = this.inner.mine(embeddings, labels, refEmbeddings, refLabels);
    const own = Array.from(labels instanceof Int32Array ? labels : (labels as number[]));
    this.count(own, refLabels ? Array.from(refLabels as Int32Array) : own, !refEmbeddings, mined);
    return mined;
  }

  override mineFrom(ctx: Parameters<BaseMiner["mineFrom"]>[0]): IndicesTuple {
    const mined = this.inner.mineFrom(ctx);
    this.count(Array.from(ctx.labels), Array.from(ctx.refLabels), false, mined, ctx.selfIndex);
    return mined;
  }

  protected mineMatrix(): IndicesTuple {
    throw new Error("CountingMiner delegates to its inner miner");
  }

  private count(
    labels: number[],
    refLabels: number[],
    selfPairs: boolean,
    mined: IndicesTuple,
    selfIndex: Int32Array | null = null,
  ): void {
    const counts = new Map<number, number>();
    for (const l of refLabels) counts.set(l, (counts.get(l) ?? 0) + 1);
    labels.forEach((l, i) => {
      const same = counts.get(l) ?? 0;
      const self = selfPairs || (selfIndex !== null && (selfIndex[i] as number) >= 0) ? 1 : 0;
      this.offered.positives += same - self;
      this.offered.negatives += refLabels.length - same;
    });
    const pairs = toPairs(mined);
    this.kept.positives += pairs.a1.length;
    this.kept.negatives += pairs.a2.length;
  }

  /** Fractions kept since the last call, then starts counting afresh (null if nothing was offered). */
  take(): MiningStats | null {
    const { offered, kept } = this;
    const stats =
      offered.positives + offered.negatives === 0
        ? null
        : {
            positivesKept: offered.positives === 0 ? 0 : kept.positives / offered.positives,
            negativesKept: offered.negatives === 0 ? 0 : kept.negatives / offered.negatives,
          };
    this.offered = { positives: 0, negatives: 0 };
    this.kept = { positives: 0, negatives: 0 };
    return stats;
  }
}

/** The default loss: SupCon at temperature 0.1. */
export function defaultContrastiveLoss(): BaseMetricLoss {
  return new SupConLoss({ temperature: 0.1 });
}

/**
 * The default miner: each anchor's 32 hardest negatives and its 4 hardest (farthest) positives.
 * Against a 1,024-entry memory the multi-similarity miner keeps ~100 % of all pairs (its
 * thresholds come from the single hardest positive and negative of the whole bank), so it mines
 * nothing; the top-k negatives miner keeps every positive, hundreds per anchor, so SupCon barely
 * moves. Capping the positives: BioRED Dev +type +1.5 [0.2, 2.8] over the top-k miner (seeds 1-3).
 */
export function defaultContrastiveMiner(): BaseMiner {
  return new TopKHardPairsMiner({ negatives: 32, positives: 4 });
}

/** Projections per chosen pair the term contrasts: 2 with a second view, else 1. */
function viewCount(options: ResolvedHnmOptions): number {
  return options.view ? 2 : 1;
}

/** The loss, miner and memory the options describe (a given memory brings its own loss and miner). */
function resolveParts(options: ResolvedHnmOptions, projectionDim: number) {
  const given = options.memory;
  if (given) {
    if (options.memorySize !== 1024)
      throw new ModelError(
        "INVALID_CONFIG",
        "hnm.memorySize sizes the memory the trainer builds; with your own hnm.memory leave it out",
      );
    if (options.loss && options.loss !== given.loss)
      throw new ModelError(
        "INVALID_CONFIG",
        "hnm.loss differs from hnm.memory.loss: a CrossBatchMemory brings its own loss; pass one or the other",
      );
    if (options.miner !== undefined && options.miner !== given.miner)
      throw new ModelError(
        "INVALID_CONFIG",
        "hnm.miner differs from hnm.memory.miner: a CrossBatchMemory brings its own miner; pass one or the other",
      );
    if (given.embeddingSize !== projectionDim)
      throw new ModelError(
        "INVALID_CONFIG",
        `hnm.memory.embeddingSize is ${given.embeddingSize} but the model's projection is ${projectionDim}-d`,
      );
    if (given.memorySize < options.maxPairs * viewCount(options))
      throw new ModelError(
        "INVALID_CONFIG",
        `hnm.memory.memorySize (${given.memorySize}) must hold a batch's ${options.maxPairs} pairs (hnm.maxPairs) x ${viewCount(options)} views`,
      );
    return { loss: given.loss, miner: given.miner, memory: given, owned: false };
  }
  const loss = options.loss ?? defaultContrastiveLoss();
  const miner = options.miner === undefined ? defaultContrastiveMiner() : options.miner;
  const memory =
    options.memorySize <= 0
      ? null
      : new CrossBatchMemory({
          loss,
          embeddingSize: projectionDim,
          memorySize: Math.max(options.memorySize, options.maxPairs * viewCount(options)),
          ...(miner ? { miner: new CountingMiner(miner) } : {}),
        });
  return { loss, miner, memory, owned: true };
}

/** `values` written `copies` times one after another (the labels of stacked views). */
function repeat(values: Int32Array, copies: number): Int32Array {
  if (copies === 1) return values;
  const out = new Int32Array(values.length * copies);
  for (let c = 0; c < copies; c++) out.set(values, c * values.length);
  return out;
}

/** Entity-type pair ids stay below this (2^16 entity-type pairs = 256 entity types). */
const TYPE_PAIR_LIMIT = 1 << 16;

/**
 * The contrastive labels of the chosen pairs: the relation id, or with
 * `contrastLabel: "relation-and-entity-types"` one class per (relation, entity-type pair).
 */
function contrastLabels(
  options: ResolvedHnmOptions,
  labels: Int32Array,
  groups: Int32Array | null,
): Int32Array {
  if (options.contrastLabel === "relation") return labels;
  return Int32Array.from(
    labels,
    (label, i) => label * TYPE_PAIR_LIMIT + (groups as Int32Array)[i]!,
  );
}

/** The chosen pairs' entity-type pair ids, checked, or null when no option reads them. */
function chosenTypePairs(
  options: ResolvedHnmOptions,
  chosen: Int32Array,
  typePairs: Int32Array | undefined,
): Int32Array | null {
  if (options.negativesFrom === "all" && options.contrastLabel === "relation") return null;
  if (!typePairs)
    throw new ModelError(
      "INVALID_CONFIG",
      "hnm.negativesFrom / hnm.contrastLabel need each pair's entity-type pair (typePairs)",
    );
  const out = Int32Array.from(chosen, (i) => typePairs[i] as number);
  for (const t of out)
    if (!(t >= 0 && t < TYPE_PAIR_LIMIT))
      throw new ModelError("INVALID_CONFIG", `entity-type pair id ${t} outside [0, 65536)`);
  return out;
}

/**
 * The HNM contrastive term: class-balanced pairs of the batch, L2-normalized
 * projections, the miner and the metric loss, optionally against a cross-batch
 * memory so rare relation types find partners across batches.
 */
export function buildContrastiveTerm(
  options: ResolvedHnmOptions,
  projectionDim: number,
): ContrastiveTerm {
  const { loss, memory, owned, ...parts } = resolveParts(options, projectionDim);
  if (options.negativesFrom === "entity-types" && !parts.miner?.respectsGroups)
    throw new ModelError(
      "INVALID_CONFIG",
      `hnm.negativesFrom "entity-types" needs a miner that respects groups (TopKHardPairsMiner, TopKHardNegativesMiner), got ${parts.miner ? parts.miner.constructor.name : "none"}`,
    );
  // without a memory the miner runs here, counted; a memory we built counts through its miner
  const counting =
    memory?.miner instanceof CountingMiner
      ? memory.miner
      : !memory && parts.miner
        ? new CountingMiner(parts.miner)
        : null;
  return {
    compute(projection, labels, seed, typePairs, views) {
      // Without None, only the batch's relation pairs take part (index map back into the batch).
      const pool = options.contrastNone
        ? null
        : Int32Array.from(labels.keys()).filter((i) => (labels[i] as number) !== 0);
      if (pool && pool.length === 0) return tf.mul(tf.sum(projection), 0) as tf.Scalar; // nothing to contrast
      const poolLabels = pool ? Int32Array.from(pool, (i) => labels[i] as number) : labels;
      const picked = balancedPairs(poolLabels, options.samplesPerClass, options.maxPairs, seed);
      const chosen = pool ? Int32Array.from(picked, (i) => pool[i] as number) : picked;
      const typeGroups = chosenTypePairs(options, chosen, typePairs);
      const copies = 1 + (views?.length ?? 0);
      const chosenLabels = repeat(
        contrastLabels(
          options,
          Int32Array.from(chosen, (i) => labels[i] as number),
          typeGroups,
        ),
        copies,
      );
      // the entity-type pair is the miner's group only when negatives are restricted to it
      const groups =
        options.negativesFrom === "entity-types" ? repeat(typeGroups as Int32Array, copies) : null;
      const index = tf.tensor1d(chosen, "int32");
      // with views: every view's rows of the chosen pairs, stacked, the labels repeated, so
      // SupCon sees each pair's other views among its positives
      const spaces = [projection, ...(views ?? [])];
      const rows =
        spaces.length === 1
          ? gatherRows(projection, index)
          : (tf.concat(
              spaces.map((space) => gatherRows(space, index)),
              0,
            ) as tf.Tensor2D);
      const embeddings = tf.div(rows, tf.add(tf.norm(rows, 2, 1, true), 1e-6)) as tf.Tensor2D;
      if (memory) return memory.compute(embeddings, chosenLabels, null, groups ?? undefined);
      const mined = !counting
        ? null
        : groups
          ? counting.mineWithGroups(embeddings, chosenLabels, groups)
          : counting.mine(embeddings, chosenLabels);
      return loss.compute(embeddings, chosenLabels, mined);
    },
    miningStats: () => counting?.take() ?? null,
    dispose() {
      if (owned) memory?.dispose();
    },
    ...(memory
      ? {
          // the memory bank is state: without it a resumed run starts empty and diverges
          saveState(): ContrastiveTermState {
            const state = memory.getState();
            if (!state) return { tensors: {}, data: { labels: [] } };
            const data: Record<string, unknown> = { labels: Array.from(state.labels) };
            if (state.groups) data.groups = Array.from(state.groups);
            return { tensors: { memory: state.embeddings }, data };
          },
          loadState(state: ContrastiveTermState) {
            const labels = Int32Array.from(state.data.labels as number[]);
            const groups = state.data.groups as number[] | undefined;
            const embeddings = state.tensors.memory as tf.Tensor2D | undefined;
            // a missing tensor with labels present fails setState's checks (corrupt checkpoint)
            memory.setState(
              embeddings || labels.length > 0
                ? {
                    embeddings: embeddings as tf.Tensor2D,
                    labels,
                    ...(groups ? { groups: Int32Array.from(groups) } : {}),
                  }
                : null,
            );
          },
        }
      : {}),
  };
}

/**
 * Settings parts gained later, left out of the run key at their default, so checkpoints
 * written before them still resume.
 */
const LATER_DEFAULTS: Record<string, unknown> = { skipNegatives: 0 };

/**
 * What identifies the term's parts in a checkpoint's run key: class names and
 * their plain settings (instances are code; this catches a changed recipe).
 */
export function describeHnmParts(options: ResolvedHnmOptions): Record<string, unknown> {
  const describe = (part: object | null | undefined): unknown => {
    if (part === undefined) return "default";
    if (part === null) return null;
    const settings: Record<string, unknown> = { class: part.constructor.name };
    for (const [key, value] of Object.entries(part)) {
      if (LATER_DEFAULTS[key] === value) continue;
      if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
        settings[key] = value;
      else if (value && typeof value === "object" && !ArrayBuffer.isView(value) && key !== "memory")
        settings[key] = (value as object).constructor.name;
    }
    return settings;
  };
  const {
    loss,
    miner,
    memory,
    term,
    weightRampEpochs,
    negativesFrom,
    contrastLabel,
    view,
    pretrainEpochs,
    ...plain
  } = options;
  return {
    ...plain,
    ...(view ? { view: describe(view) } : {}),
    ...(pretrainEpochs > 0 ? { pretrainEpochs } : {}),
    // only when set, so checkpoints written before the options existed still resume
    ...(weightRampEpochs > 0 ? { weightRampEpochs } : {}),
    ...(negativesFrom !== "all" ? { negativesFrom } : {}),
    ...(contrastLabel !== "relation" ? { contrastLabel } : {}),
    loss: describe(memory ? memory.loss : loss),
    miner: describe(memory ? memory.miner : miner),
    memory: memory ? { class: memory.constructor.name, size: memory.memorySize } : "built",
    term: term ? "custom" : undefined,
  };
}
