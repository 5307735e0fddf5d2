import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  avgNonZero,
  expectScalarClose,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { MetricLearningError } from "../errors.js";
import { SupConLoss } from "../losses/supcon-loss.js";
import { TripletMarginLoss } from "../losses/triplet-margin-loss.js";
import { BatchHardMiner } from "../miners/batch-hard-miner.js";
import { contextGroups } from "../miners/groups.js";
import { TopKHardPairsMiner } from "../miners/top-k-hard-pairs-miner.js";
import type { MetricContext } from "../utils/context.js";
import { CrossBatchMemory, type CrossBatchMemoryState } from "./cross-batch-memory.js";

/** All (anchor, positive, negative) triplets of a batch against a memory, skipping each anchor's own slot. */
function memoryTriplets(labels: number[], memLabels: number[], offset: number) {
  const out: [number, number, number][] = [];
  labels.forEach((l, a) => {
    memLabels.forEach((pl, p) => {
      if (pl !== l || p === offset + a) return;
      memLabels.forEach((nl, n) => {
        if (nl !== l) out.push([a, p, n]);
      });
    });
  });
  return out;
}

describe("CrossBatchMemory", () => {
  it("keeps the last memorySize embeddings and labels, oldest first", () => {
    const xbm = new CrossBatchMemory({ loss: new SupConLoss(), embeddingSize: 3, memorySize: 10 });
    const batches = [0, 1, 2].map((s) => randomEmbeddings(60 + s, 4, 3));
    const labels = [0, 1, 2].map((s) => randomLabels(60 + s, 4, 2));
    batches.forEach((b, k) => {
      const emb = tf.tensor2d(b);
      xbm.compute(emb, labels[k]!).dispose();
      emb.dispose();
    });
    expect(xbm.size).toBe(10);
    expect(Array.from(xbm.labels)).toEqual([...labels[0]!.slice(2), ...labels[1]!, ...labels[2]!]);
    const mem = xbm.embeddings()!;
    const expected = [...batches[0]!.slice(2), ...batches[1]!, ...batches[2]!];
    const got = mem.arraySync();
    got.forEach((row, i) => {
      row.forEach((v, k) => {
        expect(v).toBeCloseTo(expected[i]![k]!, 6);
      });
    });
    mem.dispose();
    xbm.dispose();
  });

  it("computes the loss of the batch against the memory, without self-pairs (loop reference)", () => {
    const loss = new TripletMarginLoss({ margin: 0.3 });
    const xbm = new CrossBatchMemory({ loss, embeddingSize: 4, memorySize: 12 });
    const history: number[][] = [];
    const historyLabels: number[] = [];
    for (let step = 0; step < 4; step++) {
      const q = randomEmbeddings(70 + step, 5, 4);
      const labels = randomLabels(70 + step, 5, 3);
      history.push(...q);
      historyLabels.push(...labels);
      const mem = history.slice(-12);
      const memLabels = historyLabels.slice(-12);
      const emb = tf.tensor2d(q);
      const value = xbm.compute(emb, labels);
      const mat = refMatrix(q, mem, "l2");
      const losses = memoryTriplets(labels, memLabels, mem.length - 5).map(([a, p, n]) =>
        Math.max(0, mat[a]![p]! - mat[a]![n]! + 0.3),
      );
      expectScalarClose(value, avgNonZero(losses));
      tf.dispose([emb, value]);
    }
    xbm.dispose();
  });

  it("runs its miner against the memory and never mines an anchor's own slot", () => {
    const xbm = new CrossBatchMemory({
      loss: new TripletMarginLoss(),
      miner: new BatchHardMiner(),
      embeddingSize: 3,
      memorySize: 8,
    });
    const emb = tf.tensor2d(randomEmbeddings(80, 4, 3));
    const labels = [0, 0, 1, 1];
    xbm.compute(emb, labels).dispose();
    const ctxMem = xbm.embeddings()!;
    // mining the batch against the memory by hand must match the miner's choice excluding self
    const mined = new BatchHardMiner().mineFrom({
      embeddings: emb,
      labels: new Int32Array(labels),
      ref: ctxMem,
      refLabels: xbm.labels,
      selfIndex: new Int32Array([0, 1, 2, 3]),
    });
    for (let i = 0; i < mined.anchors.length; i++) {
      expect(mined.positives[i]).not.toBe(mined.anchors[i]);
    }
    tf.dispose([emb, ctxMem]);
    xbm.dispose();
  });

  it("sends no gradient through the memory", () => {
    const q = randomEmbeddings(81, 4, 3);
    const labels = [0, 1, 0, 1];
    const x = tf.tensor2d(q);
    const xbm = new CrossBatchMemory({ loss: new SupConLoss(), embeddingSize: 3, memorySize: 16 });
    const prev = tf.tensor2d(randomEmbeddings(82, 4, 3));
    xbm.compute(prev, [1, 0, 1, 0]).dispose();
    const memBefore = xbm.embeddings()!;
    const g = tf.grad((e: tf.Tensor) => xbm.compute(e as tf.Tensor2D, labels))(x);
    // reference: the same loss with a constant reference set and self-pairs removed by hand
    const ref = tf.concat([memBefore, x]) as tf.Tensor2D;
    const refLabels = new Int32Array([1, 0, 1, 0, ...labels]);
    const a1: number[] = [];
    const p: number[] = [];
    const a2: number[] = [];
    const n: number[] = [];
    labels.forEach((l, i) => {
      refLabels.forEach((rl, j) => {
        if (rl === l && j !== 4 + i) {
          a1.push(i);
          p.push(j);
        } else if (rl !== l) {
          a2.push(i);
          n.push(j);
        }
      });
    });
    const indices = {
      a1: Int32Array.from(a1),
      p: Int32Array.from(p),
      a2: Int32Array.from(a2),
      n: Int32Array.from(n),
    };
    const gRef = tf.grad((e: tf.Tensor) =>
      new SupConLoss().compute(e as tf.Tensor2D, labels, indices, ref, refLabels),
    )(x);
    const a = g.dataSync();
    const b = gRef.dataSync();
    expect(Array.from(a).some((v) => v !== 0)).toBe(true);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-5);
    tf.dispose([x, prev, memBefore, g, ref, gRef]);
    xbm.dispose();
  });

  it("holds a constant number of tensors across steps and frees them on dispose", () => {
    const before = tf.memory().numTensors;
    const xbm = new CrossBatchMemory({ loss: new SupConLoss(), embeddingSize: 3, memorySize: 6 });
    const counts: number[] = [];
    for (let step = 0; step < 10; step++) {
      const emb = tf.tensor2d(randomEmbeddings(90 + step, 3, 3));
      xbm.compute(emb, [0, 1, step % 2]).dispose();
      emb.dispose();
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    xbm.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("getState/setState round trip: a restored memory gives the identical loss on the next batch", () => {
    const before = tf.memory().numTensors;
    const make = () =>
      new CrossBatchMemory({
        loss: new TripletMarginLoss({ margin: 0.2 }),
        miner: new BatchHardMiner(),
        embeddingSize: 4,
        memorySize: 10,
      });
    const original = make();
    expect(original.getState()).toBeNull();
    for (let step = 0; step < 3; step++) {
      const emb = tf.tensor2d(randomEmbeddings(110 + step, 4, 4));
      original.compute(emb, randomLabels(110 + step, 4, 2)).dispose();
      emb.dispose();
    }
    const state = original.getState()!;
    expect(state.embeddings.shape).toEqual([10, 4]);
    expect(Array.from(state.labels)).toEqual(Array.from(original.labels));
    const restored = make();
    restored.setState(state);
    state.embeddings.dispose(); // setState copied it
    expect(restored.size).toBe(10);

    const next = tf.tensor2d(randomEmbeddings(120, 4, 4));
    const nextLabels = randomLabels(120, 4, 2);
    const a = original.compute(next, nextLabels);
    const b = restored.compute(next, nextLabels);
    // compared to a fresh memory, which sees only this batch, so the state is what matters
    const fresh = make();
    const c = fresh.compute(next, nextLabels);
    expect(b.dataSync()[0]).toBe(a.dataSync()[0]);
    expect(c.dataSync()[0]).not.toBeCloseTo(a.dataSync()[0]!, 4);
    tf.dispose([next, a, b, c]);

    restored.setState(null);
    expect(restored.size).toBe(0);
    for (const m of [original, restored, fresh]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("setState rejects a state that does not fit and leaves the memory unchanged", () => {
    const xbm = new CrossBatchMemory({ loss: new SupConLoss(), embeddingSize: 3, memorySize: 4 });
    const emb = tf.tensor2d(randomEmbeddings(130, 2, 3));
    xbm.compute(emb, [0, 1]).dispose();
    const wide = tf.zeros([2, 5]) as tf.Tensor2D;
    const long = tf.zeros([5, 3]) as tf.Tensor2D;
    const rejects = (state: CrossBatchMemoryState, code: string) =>
      expect(() => xbm.setState(state)).toThrow(
        expect.objectContaining({ name: "MetricLearningError", code }),
      );
    rejects({ embeddings: wide, labels: new Int32Array(2) }, "INVALID_EMBEDDINGS");
    rejects({ embeddings: long, labels: new Int32Array(5) }, "INVALID_EMBEDDINGS");
    rejects({ embeddings: emb, labels: new Int32Array(3) }, "INVALID_LABELS");
    expect(xbm.size).toBe(2);
    expect(Array.from(xbm.labels)).toEqual([0, 1]);
    tf.dispose([emb, wide, long]);
    xbm.dispose();
  });

  it("rejects a batch larger than the memory or of the wrong dimension", () => {
    const xbm = new CrossBatchMemory({ loss: new SupConLoss(), embeddingSize: 3, memorySize: 2 });
    const emb = tf.tensor2d(randomEmbeddings(99, 3, 3));
    expect(() => xbm.compute(emb, [0, 1, 0])).toThrow(MetricLearningError);
    const wide = new CrossBatchMemory({ loss: new SupConLoss(), embeddingSize: 4 });
    expect(() => wide.compute(emb, [0, 1, 0])).toThrow(MetricLearningError);
    emb.dispose();
  });

  it("stores groups beside the labels, hands them to the miner and keeps them in its state", () => {
    const before = tf.memory().numTensors;
    const seen: { groups: number[]; refGroups: number[] }[] = [];
    class Recording extends TopKHardPairsMiner {
      override mineFrom(ctx: MetricContext) {
        const g = contextGroups(ctx);
        if (g) seen.push({ groups: Array.from(g.groups), refGroups: Array.from(g.refGroups) });
        return super.mineFrom(ctx);
      }
    }
    const make = () =>
      new CrossBatchMemory({
        loss: new SupConLoss(),
        miner: new Recording({ positives: 2, negatives: 2 }),
        embeddingSize: 4,
        memorySize: 10,
      });
    const xbm = make();
    const plain = new CrossBatchMemory({
      loss: new SupConLoss(),
      miner: new TopKHardPairsMiner({ positives: 2, negatives: 2 }),
      embeddingSize: 4,
      memorySize: 10,
    });
    const allGroups: number[] = [];
    for (let step = 0; step < 3; step++) {
      const emb = tf.tensor2d(randomEmbeddings(140 + step, 4, 4));
      const groups = randomLabels(150 + step, 4, 2);
      allGroups.push(...groups);
      xbm.compute(emb, randomLabels(140 + step, 4, 3), null, groups).dispose();
      plain.compute(emb, randomLabels(140 + step, 4, 3)).dispose();
      emb.dispose();
    }
    expect(seen[2]!.groups).toEqual(allGroups.slice(8));
    expect(seen[2]!.refGroups).toEqual(allGroups.slice(-10));
    const state = xbm.getState()!;
    expect(Array.from(state.groups!)).toEqual(allGroups.slice(-10));
    const restored = make();
    restored.setState(state);
    state.embeddings.dispose();

    const next = tf.tensor2d(randomEmbeddings(160, 4, 4));
    const nextLabels = randomLabels(160, 4, 3);
    const nextGroups = [0, 1, 0, 1];
    const a = xbm.compute(next, nextLabels, null, nextGroups);
    const b = restored.compute(next, nextLabels, null, nextGroups);
    const c = plain.compute(next, nextLabels);
    expect(b.dataSync()[0]).toBe(a.dataSync()[0]);
    // restricting negatives to groups changed what the loss saw
    expect(c.dataSync()[0]).not.toBeCloseTo(a.dataSync()[0]!, 4);
    tf.dispose([next, a, b, c]);

    // fed with groups on every call or none; groups need a miner that respects them
    const emb = tf.tensor2d(randomEmbeddings(170, 2, 4));
    expect(() => xbm.compute(emb, [0, 1])).toThrow(/pass groups on every call/);
    expect(() => plain.compute(emb, [0, 1], null, [0, 0])).toThrow(/stored without groups/);
    const batchHard = new CrossBatchMemory({
      loss: new SupConLoss(),
      miner: new BatchHardMiner(),
      embeddingSize: 4,
    });
    expect(() => batchHard.compute(emb, [0, 1], null, [0, 0])).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
    expect(() => xbm.compute(emb, [0, 1], null, [0])).toThrow(/1 groups for 2 embeddings/);
    const badState = { embeddings: emb, labels: new Int32Array(2), groups: new Int32Array(3) };
    expect(() => restored.setState(badState)).toThrow(/state.groups/);
    emb.dispose();
    for (const m of [xbm, plain, restored, batchHard]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
