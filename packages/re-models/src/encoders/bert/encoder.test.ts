import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { readBertCheckpoint } from "./checkpoint.js";
import { type BertParams, bertHiddenStates } from "./encoder.js";
import { mergeWindows, planWindows, windowStarts } from "./windows.js";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures");
const FOLDER = join(FIXTURES, "tiny-bert");
interface Expected {
  batch: { ids: number[][]; mask: number[][]; shape: number[]; hidden: number[] };
  windows: { ids: number[]; stride: number; shape: number[]; hidden: number[] };
}
const expected = JSON.parse(
  readFileSync(join(FIXTURES, "tiny-bert-expected-hidden.json"), "utf8"),
) as Expected;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function paramsOf(folder: string): {
  params: BertParams;
  dispose: () => void;
  config: ReturnType<typeof readBertCheckpoint>["config"];
} {
  const { config, weights } = readBertCheckpoint(folder);
  const tensors = new Map([...weights].map(([name, w]) => [name, tf.tensor(w.data, w.shape)]));
  return {
    config,
    params: (name) => {
      const t = tensors.get(name);
      if (!t) throw new Error(`no ${name}`);
      return t;
    },
    dispose: () => tf.dispose([...tensors.values()]),
  };
}

describe("bertHiddenStates against the NumPy reference (tiny BERT, 2 layers, hidden 32)", () => {
  it("equals BertModel's last hidden states to 1e-4 on every real wordpiece of a padded batch", () => {
    const { params, config, dispose } = paramsOf(FOLDER);
    const { ids, mask, shape, hidden } = expected.batch;
    const [n, t, h] = shape as [number, number, number];
    const out = tf.tidy(() =>
      bertHiddenStates(
        params,
        config,
        tf.tensor2d(ids, [n, t], "int32"),
        tf.tensor2d(mask, [n, t]),
      ).dataSync(),
    );
    let worst = 0;
    let compared = 0;
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < t; j++) {
        if (mask[b]![j] === 0) continue;
        for (let k = 0; k < h; k++) {
          const at = (b * t + j) * h + k;
          worst = Math.max(worst, Math.abs(out[at]! - hidden[at]!));
          compared++;
        }
      }
    }
    expect(compared).toBe((12 + 8 + 4) * h);
    expect(worst).toBeLessThan(1e-4);
    dispose();
  });

  it("reads a document longer than max positions in sliding windows, averaging overlaps like the reference", () => {
    const { params, config, dispose } = paramsOf(FOLDER);
    const { ids, stride, shape, hidden } = expected.windows;
    const [t, h] = shape as [number, number];
    expect(t).toBeGreaterThan(config.maxPositions);
    const plan = planWindows(Int32Array.from(ids), [t], t, config.maxPositions, stride, {
      cls: 2,
      sep: 3,
      pad: 0,
    });
    expect(plan.numWindows).toBe(windowStarts(t, config.maxPositions - 2, stride).length);
    const out = tf.tidy(() => {
      const states = bertHiddenStates(
        params,
        config,
        tf.tensor2d(plan.ids, [plan.numWindows, plan.width], "int32"),
        tf.tensor2d(plan.mask, [plan.numWindows, plan.width]),
      );
      return mergeWindows(states, plan, 1, t).dataSync();
    });
    let worst = 0;
    for (let i = 0; i < t * h; i++) worst = Math.max(worst, Math.abs(out[i]! - hidden[i]!));
    expect(worst).toBeLessThan(1e-4);
    dispose();
  });
});

describe("planWindows", () => {
  it("covers every token, frames windows with [CLS]/[SEP] and sends padding to the zero row", () => {
    const ids = Int32Array.from({ length: 2 * 10 }, (_, i) => 100 + i);
    const plan = planWindows(ids, [10, 3], 10, 6, 2, { cls: 1, sep: 2, pad: 0 });
    // row 0: 10 tokens, 4 per window, stride 2 -> starts 0, 2, 4, 6; row 1: one window
    expect(plan.numWindows).toBe(5);
    expect(plan.width).toBe(6);
    expect(Array.from(plan.ids.subarray(0, 6))).toEqual([1, 100, 101, 102, 103, 2]);
    expect(Array.from(plan.ids.subarray(24, 30))).toEqual([1, 110, 111, 112, 2, 0]);
    const zeroRow = plan.numWindows * plan.width;
    for (let token = 0; token < 20; token++) {
      const total = plan.weight.reduce((s, w) => s + w[token]!, 0);
      const real = token < 10 || token - 10 < 3;
      expect(total).toBeCloseTo(real ? 1 : 0, 6);
      if (!real) expect(plan.index.every((index) => index[token] === zeroRow)).toBe(true);
    }
    expect(() => planWindows(ids, [10, 3], 10, 6, 5, { cls: 1, sep: 2, pad: 0 })).toThrow(/stride/);
  });
});
