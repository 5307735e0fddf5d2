import { describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { EpochSelector } from "./epoch-selection.js";

/** Feeds F1s (epochs 1..n) and returns the pick, stopping as the trainer does at `patience`. */
function pick(window: number, f1s: readonly number[], patience = Number.POSITIVE_INFINITY) {
  const selector = new EpochSelector(window);
  let epochs = 0;
  for (const [i, f1] of f1s.entries()) {
    selector.add(i + 1, f1);
    epochs = i + 1;
    if (selector.stale >= patience) break;
  }
  return { bestEpoch: selector.bestEpoch, epochs };
}

// held-out +type F1 of stored BioRED runs (experiments/summaries/patience-round26.md)
const BASELINE_S15 = [0.431, 0.451, 0.498, 0.486, 0.496, 0.484, 0.504, 0.493, 0.493, 0.491];
const BASELINE_S19 = [0.39, 0.496, 0.472, 0.479, 0.478, 0.483, 0.475, 0.479, 0.479, 0.492];

describe("EpochSelector", () => {
  it("window 1 is the trainer's rule: first best F1, patience counts epochs without a better one", () => {
    expect(pick(1, BASELINE_S15, 3)).toEqual({ bestEpoch: 3, epochs: 6 });
    expect(pick(1, BASELINE_S15)).toEqual({ bestEpoch: 7, epochs: 10 });
    expect(pick(1, [0.5, 0.5, 0.4])).toEqual({ bestEpoch: 1, epochs: 3 }); // ties keep the earlier
  });

  it("window 3 keeps the middle epoch of the best centred 3-epoch mean", () => {
    // the single-epoch high at epoch 2 loses to the window around epoch 9: (0.479+0.479+0.492)/3
    expect(pick(1, BASELINE_S19).bestEpoch).toBe(2);
    expect(pick(3, BASELINE_S19).bestEpoch).toBe(9);
    expect(pick(3, BASELINE_S15).bestEpoch).toBe(8); // (0.504+0.493+0.493)/3 beats (0.484+0.504+0.493)/3
  });

  it("window 3 keeps the best single epoch until three are validated, then the first window replaces it", () => {
    expect(pick(3, [0.3, 0.5]).bestEpoch).toBe(2);
    const selector = new EpochSelector(3);
    expect(selector.add(1, 0.5)).toEqual({ improved: true, bestEpoch: 1, of: "current" });
    expect(selector.add(2, 0.4)).toEqual({ improved: false });
    // the window around epoch 2 is worse than epoch 1 alone, but the only window there is
    expect(selector.add(3, 0.3)).toEqual({ improved: true, bestEpoch: 2, of: "previous" });
    expect(selector.stale).toBe(0);
    expect(selector.add(4, 0.2)).toEqual({ improved: false });
    expect(selector.stale).toBe(1);
  });

  it("a restored selector continues as the uninterrupted one", () => {
    for (const window of [1, 3]) {
      const full = new EpochSelector(window);
      for (const [i, f1] of BASELINE_S19.entries()) full.add(i + 1, f1);
      const head = new EpochSelector(window);
      for (const [i, f1] of BASELINE_S19.slice(0, 5).entries()) head.add(i + 1, f1);
      const resumed = new EpochSelector(window);
      resumed.restore(
        BASELINE_S19.slice(0, 5).map((f1, i) => ({ epoch: i + 1, f1 })),
        head.bestEpoch,
        head.stale,
      );
      for (const [i, f1] of BASELINE_S19.slice(5).entries()) resumed.add(i + 6, f1);
      expect([resumed.bestEpoch, resumed.stale]).toEqual([full.bestEpoch, full.stale]);
    }
  });

  it("refuses a window other than 1 or 3", () => {
    expect(() => new EpochSelector(2)).toThrow(ModelError);
    expect(() => new EpochSelector(5)).toThrow(/selectionWindow must be 1 .* or 3/);
  });
});
