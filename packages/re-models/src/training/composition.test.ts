// re-models' trainer takes hard-negative-miner instances as a pytorch-metric-learning
// user composes them: any loss (with its own reducer), any miner (a user's subclass
// too), an optional memory bank of one's own.
import {
  BaseMiner,
  type BaseMetricLoss,
  CircleLoss,
  ContrastiveLoss,
  CosineSimilarity,
  CrossBatchMemory,
  HardNegativeContrastiveLoss,
  MeanReducer,
  type MetricContext,
  MultiSimilarityLoss,
  NTXentLoss,
  type PairIndices,
  type ReductionInput,
  SupConLoss,
  TopKHardPairsMiner,
  TripletMarginLoss,
  contextGroups,
} from "@biore/hard-negative-miner";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { syntheticCorpus, TINY_SHAPE, syntheticModel } from "../test-support/synthetic.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A user's miner: every positive pair, and only negatives more similar than the row's mean. */
class AboveMeanNegativeMiner extends BaseMiner<PairIndices> {
  calls = 0;
  constructor() {
    super(new CosineSimilarity());
  }
  protected mineMatrix(mat: Float32Array, ctx: MetricContext): PairIndices {
    this.calls++;
    const m = ctx.refLabels.length;
    const out = { a1: [] as number[], p: [] as number[], a2: [] as number[], n: [] as number[] };
    ctx.labels.forEach((label, i) => {
      const self = ctx.selfIndex?.[i] ?? -1;
      let mean = 0;
      for (let j = 0; j < m; j++) mean += (mat[i * m + j] as number) / m;
      for (let j = 0; j < m; j++) {
        if (j === self) continue;
        if (ctx.refLabels[j] === label) {
          out.a1.push(i);
          out.p.push(j);
        } else if ((mat[i * m + j] as number) > mean) {
          out.a2.push(i);
          out.n.push(j);
        }
      }
    });
    return {
      a1: Int32Array.from(out.a1),
      p: Int32Array.from(out.p),
      a2: Int32Array.from(out.a2),
      n: Int32Array.from(out.n),
    };
  }
}

/** A reducer that counts its calls, passed to a loss as PML does. */
class CountingReducer extends MeanReducer {
  calls = 0;
  override reduce(input: ReductionInput): tf.Scalar {
    this.calls++;
    return super.reduce(input);
  }
}

describe("train with hard-negative-miner instances", () => {
  const corpus = syntheticCorpus(4, 11);
  const make = () => syntheticModel(corpus, 2);
  const projectionKernel = (model: ReturnType<typeof make>) =>
    Float32Array.from(model.params.get("projection/out_kernel")?.dataSync() ?? []);

  const losses: [string, (reducer: CountingReducer) => BaseMetricLoss][] = [
    ["SupConLoss", (reducer) => new SupConLoss({ temperature: 0.1, reducer })],
    ["NTXentLoss", (reducer) => new NTXentLoss({ temperature: 0.1, reducer })],
    ["TripletMarginLoss", (reducer) => new TripletMarginLoss({ margin: 0.2, reducer })],
    ["ContrastiveLoss", (reducer) => new ContrastiveLoss({ reducer })],
    ["MultiSimilarityLoss", (reducer) => new MultiSimilarityLoss({ reducer })],
    ["CircleLoss", (reducer) => new CircleLoss({ reducer })],
    ["HardNegativeContrastiveLoss", (reducer) => new HardNegativeContrastiveLoss({ reducer })],
  ];

  it.each(losses)(
    "trains with %s fed by a user-defined miner subclass and the loss's own reducer",
    async (_name, makeLoss) => {
      const model = make();
      const before = projectionKernel(model);
      const miner = new AboveMeanNegativeMiner();
      const reducer = new CountingReducer();
      const contrastive: number[] = [];
      const result = await train(
        model,
        { documents: corpus.documents },
        {
          objective: "hnm",
          epochs: 1,
          batchSize: 2,
          seed: 1,
          hnm: { loss: makeLoss(reducer), miner, memorySize: 32, warmupEpochs: 0, maxPairs: 16 },
        },
        { onBatchEnd: (p) => void contrastive.push(p.contrastive ?? Number.NaN) },
      );
      expect(contrastive.length).toBeGreaterThan(0);
      expect(contrastive.every(Number.isFinite)).toBe(true);
      expect(miner.calls).toBe(contrastive.length); // the user's miner ran on every step
      expect(reducer.calls).toBeGreaterThan(0); // the loss, with its reducer, was what got scored
      // the trainer reports what the user's miner kept, out of what it was offered
      const mining = result.history[0]?.mining;
      expect(mining?.positivesKept).toBe(1);
      expect(mining?.negativesKept).toBeGreaterThan(0);
      expect(mining?.negativesKept).toBeLessThan(1);
      // the contrastive gradient reached the projection head
      const after = projectionKernel(model);
      expect(after.some((v, i) => v !== before[i])).toBe(true);
      model.dispose();
    },
  );

  it("uses a CrossBatchMemory of the user's own, with its loss and miner, and leaves it to them", async () => {
    const model = make();
    const miner = new AboveMeanNegativeMiner();
    const memory = new CrossBatchMemory({
      loss: new SupConLoss({ temperature: 0.1 }),
      miner,
      embeddingSize: TINY_SHAPE.projectionDim,
      memorySize: 40,
    });
    await train(
      model,
      { documents: corpus.documents },
      { objective: "hnm", epochs: 1, batchSize: 2, hnm: { memory, warmupEpochs: 0, maxPairs: 16 } },
    );
    expect(miner.calls).toBeGreaterThan(0);
    expect(memory.size).toBeGreaterThan(0); // filled, and not disposed by the trainer
    memory.dispose();
    model.dispose();
  });

  it("refuses a memory together with a different loss (one option, one meaning)", async () => {
    const model = make();
    const memory = new CrossBatchMemory({
      loss: new SupConLoss(),
      embeddingSize: TINY_SHAPE.projectionDim,
      memorySize: 64,
    });
    const attempt = train(
      model,
      { documents: corpus.documents },
      { objective: "hnm", epochs: 1, hnm: { memory, loss: new NTXentLoss(), warmupEpochs: 0 } },
    );
    await expect(attempt).rejects.toBeInstanceOf(ModelError);
    await expect(attempt).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    memory.dispose();
    model.dispose();
  });

  it('negativesFrom "entity-types": the miner gets each pair\'s entity-type pair as its group, negatives stay within it', async () => {
    const model = make();
    let calls = 0;
    let negatives = 0;
    let crossGroup = 0;
    class Recording extends TopKHardPairsMiner {
      override mineFrom(ctx: MetricContext): PairIndices {
        const mined = super.mineFrom(ctx);
        const g = contextGroups(ctx);
        if (g) calls++;
        mined.a2.forEach((a, t) => {
          negatives++;
          if (!g || g.groups[a] !== g.refGroups[mined.n[t] as number]) crossGroup++;
        });
        return mined;
      }
    }
    const miner = new Recording({ negatives: 4, positives: 2 });
    const memory = new CrossBatchMemory({
      loss: new SupConLoss({ temperature: 0.1 }),
      miner,
      embeddingSize: TINY_SHAPE.projectionDim,
      memorySize: 40,
    });
    const contrastive: number[] = [];
    await train(
      model,
      { documents: corpus.documents },
      {
        objective: "hnm",
        epochs: 1,
        batchSize: 2,
        hnm: { memory, warmupEpochs: 0, maxPairs: 16, negativesFrom: "entity-types" },
      },
      { onBatchEnd: (p) => void contrastive.push(p.contrastive ?? Number.NaN) },
    );
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBe(contrastive.filter(Number.isFinite).length);
    expect(negatives).toBeGreaterThan(0);
    expect(crossGroup).toBe(0);
    const state = memory.getState();
    expect(state?.groups?.length).toBe(memory.size);
    state?.embeddings.dispose();
    memory.dispose();
    model.dispose();
  });
});
