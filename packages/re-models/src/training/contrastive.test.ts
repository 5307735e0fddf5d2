import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import { beforeAll, describe, expect, it } from "vitest";
import { MultiSimilarityMiner, SupConLoss, TopKHardPairsMiner } from "@biore/hard-negative-miner";
import { buildContrastiveTerm } from "./contrastive.js";
import { type HnmOptions, resolveTrainOptions } from "./options.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const termOptions = (contrastNone: boolean) =>
  resolveTrainOptions({ hnm: { miner: null, memorySize: 0, contrastNone } }).hnm;

describe("contrastive term", () => {
  const projection = tf.tensor2d(
    [
      [1, 0, 0, 1],
      [0, 1, 1, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [1, 0, 1, 0],
      [0, 1, 0, 1],
    ],
    [6, 4],
  );
  const labels = Int32Array.from([0, 0, 1, 2, 1, 0]);

  it("with contrastNone false, scores only the relation pairs, as if None pairs were absent", () => {
    const withoutNone = buildContrastiveTerm(termOptions(false), 4);
    const reference = buildContrastiveTerm(termOptions(true), 4);
    const relationRows = tf.gather(projection, [2, 3, 4]) as tf.Tensor2D;
    const a = withoutNone.compute(projection, labels, 7).dataSync()[0] as number;
    const b = reference
      .compute(relationRows, Int32Array.from([1, 2, 1]), 7)
      .dataSync()[0] as number;
    const all = reference.compute(projection, labels, 7).dataSync()[0] as number;
    expect(a).toBeCloseTo(b, 6);
    expect(Math.abs(a - all)).toBeGreaterThan(1e-3); // None pairs do change the default term
    relationRows.dispose();
  });

  it("gives a zero loss with a zero gradient when a batch has no relation pair", () => {
    const v = tf.variable(tf.scalar(2));
    const term = buildContrastiveTerm(termOptions(false), 4);
    const none = new Int32Array(6);
    const { value, grads } = tf.variableGrads(
      () => term.compute(tf.mul(projection, v), none, 1),
      [v],
    );
    expect(value.dataSync()[0]).toBe(0);
    expect([...(grads[v.name] as tf.Tensor).dataSync()].every((g) => g === 0)).toBe(true);
    v.dispose();
  });

  describe("entity-type-pair options", () => {
    const rows = tf.tensor2d(
      [
        [1, 0, 0.2, 0.1],
        [0.9, 0.2, 0, 0.3],
        [0.1, 1, 0.4, 0],
        [0.3, 0.8, 0, 0.5],
        [0, 0.2, 1, 0.1],
        [0.4, 0.1, 0.9, 0],
        [0.2, 0.5, 0.1, 1],
        [0.8, 0.3, 0.3, 0.2],
      ],
      [8, 4],
    );
    const rel = Int32Array.from([1, 2, 1, 2, 3, 1, 3, 2]);
    const typePairs = Int32Array.from([5, 5, 5, 7, 7, 7, 5, 7]);
    const make = (hnm: HnmOptions) =>
      buildContrastiveTerm(
        resolveTrainOptions({
          hnm: {
            miner: new TopKHardPairsMiner({ negatives: 2, positives: 1 }),
            memorySize: 0,
            ...hnm,
          },
        }).hnm,
        4,
      );
    const value = (t: tf.Scalar) => {
      const v = t.dataSync()[0] as number;
      t.dispose();
      return v;
    };
    const normalized = () => tf.div(rows, tf.add(tf.norm(rows, 2, 1, true), 1e-6)) as tf.Tensor2D;

    it('negativesFrom "entity-types" mines negatives within the pair\'s entity-type pair only', () => {
      const grouped = value(
        make({ negativesFrom: "entity-types" }).compute(rows, rel, 3, typePairs),
      );
      // reference: the same loss over what the miner keeps given the type pairs as groups
      const emb = normalized();
      const miner = new TopKHardPairsMiner({ negatives: 2, positives: 1 });
      const expected = value(
        new SupConLoss({ temperature: 0.1 }).compute(
          emb,
          rel,
          miner.mineWithGroups(emb, rel, typePairs),
        ),
      );
      expect(grouped).toBeCloseTo(expected, 5);
      const ungrouped = value(make({}).compute(rows, rel, 3, typePairs));
      expect(Math.abs(grouped - ungrouped)).toBeGreaterThan(1e-3);
      // one entity-type pair for all: exactly the default term
      const single = value(
        make({ negativesFrom: "entity-types" }).compute(rows, rel, 3, new Int32Array(8).fill(5)),
      );
      expect(single).toBe(ungrouped);
      emb.dispose();
    });

    it('contrastLabel "relation-and-entity-types" gives each relation one class per entity-type pair', () => {
      const perType = value(
        make({ contrastLabel: "relation-and-entity-types" }).compute(rows, rel, 3, typePairs),
      );
      const emb = normalized();
      const composite = Int32Array.from(rel, (r, i) => r * 65536 + typePairs[i]!);
      const miner = new TopKHardPairsMiner({ negatives: 2, positives: 1 });
      const expected = value(
        new SupConLoss({ temperature: 0.1 }).compute(emb, composite, miner.mine(emb, composite)),
      );
      expect(perType).toBeCloseTo(expected, 5);
      expect(Math.abs(perType - value(make({}).compute(rows, rel, 3, typePairs)))).toBeGreaterThan(
        1e-3,
      );
      emb.dispose();
    });

    it("with a memory, the groups are stored and carried through saveState/loadState", () => {
      const term = make({ negativesFrom: "entity-types", memorySize: 16 });
      value(term.compute(rows, rel, 3, typePairs));
      const state = term.saveState!();
      expect(state.data.groups).toEqual(Array.from(typePairs.filter((_, i) => rel[i] !== 0)));
      const restored = make({ negativesFrom: "entity-types", memorySize: 16 });
      restored.loadState!(state);
      tf.dispose(Object.values(state.tensors));
      expect(value(restored.compute(rows, rel, 4, typePairs))).toBe(
        value(term.compute(rows, rel, 4, typePairs)),
      );
      term.dispose?.();
      restored.dispose?.();
    });

    it("refuses entity-type negatives with a miner that ignores groups, and unknown values", () => {
      expect(() =>
        make({ negativesFrom: "entity-types", miner: new MultiSimilarityMiner() }),
      ).toThrow(expect.objectContaining({ code: "INVALID_CONFIG" }));
      expect(() => make({ negativesFrom: "entity-types", miner: null })).toThrow(/respects groups/);
      expect(() => make({ negativesFrom: "types" as "all" })).toThrow(/hnm.negativesFrom/);
      expect(() => make({ contrastLabel: "x" as "relation" })).toThrow(/hnm.contrastLabel/);
      expect(() => make({ negativesFrom: "entity-types" }).compute(rows, rel, 3)).toThrow(
        /typePairs/,
      );
    });
  });
});
