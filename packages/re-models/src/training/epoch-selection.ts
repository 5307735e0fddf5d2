// Which epoch's weights training keeps: the best mean F1 of a centred 3-epoch window (window 3,
// the default), which keeps the window's middle epoch, or the best held-out pair+type F1
// (window 1). On BioRED the held-out slice is 40 documents and its F1 moves ±2 points from one
// epoch to the next, so under window 1 a single early high (epoch 1–3) can win; round 2.7
// (experiments/summaries/selection-rules-round27.md) chose the 3-epoch window on Train folds.
import { ModelError } from "../errors.js";

/** Equal within this counts as no improvement (the earlier epoch stays). */
const TIE = 1e-9;

/** Windows {@link EpochSelector} supports: an epoch's own F1, or a centred 3-epoch mean. */
export const SELECTION_WINDOWS: readonly number[] = [1, 3];

/** Refuses a window other than 1 or 3. */
export function checkSelectionWindow(window: number): void {
  if (!SELECTION_WINDOWS.includes(window))
    throw new ModelError(
      "INVALID_CONFIG",
      `selectionWindow must be 1 (each epoch's held-out F1) or 3 (centred 3-epoch mean), got ${window}`,
    );
}

/** What the selector decided after an epoch. */
export type SelectionStep =
  /** `epoch` is the new best: keep its weights (the current ones, or the previous epoch's). */
  { improved: true; bestEpoch: number; of: "current" | "previous" } | { improved: false };

/**
 * Tracks the validated epochs' F1 and picks the best epoch. Window 3: until three epochs are
 * validated the best single epoch is kept provisionally; from then on each new epoch completes
 * the window centred on the epoch before it, and the first complete window replaces the
 * provisional pick. `stale` counts epochs without a better pick (for patience).
 */
export class EpochSelector {
  private readonly f1s: { epoch: number; f1: number }[] = [];
  private bestScore: number | null = null;
  private windowed = false;
  bestEpoch = 0;
  stale = 0;

  constructor(readonly window: number) {
    checkSelectionWindow(window);
  }

  /** A resumed run's state: its validated epochs' F1 and the best epoch and staleness saved. */
  restore(history: readonly { epoch: number; f1: number }[], bestEpoch: number, stale: number) {
    this.f1s.push(...history);
    this.bestEpoch = bestEpoch;
    this.stale = stale;
    if (history.length === 0) return;
    this.windowed = this.window === 3 && history.length >= 3;
    const i = history.findIndex((h) => h.epoch === bestEpoch);
    this.bestScore = this.windowed ? this.windowMean(i) : (history[i]?.f1 ?? null);
  }

  /** The F1 of a newly validated epoch; says whether its (or the previous epoch's) weights are the best now. */
  add(epoch: number, f1: number): SelectionStep {
    this.f1s.push({ epoch, f1 });
    const n = this.f1s.length;
    if (this.window === 1 || n < 3) return this.consider(f1, epoch, "current");
    const score = this.windowMean(n - 2);
    const centre = (this.f1s[n - 2] as { epoch: number }).epoch;
    if (!this.windowed) {
      // the first complete window replaces the provisional single-epoch pick
      this.windowed = true;
      this.bestScore = null;
    }
    return this.consider(score, centre, "previous");
  }

  private consider(score: number, epoch: number, of: "current" | "previous"): SelectionStep {
    if (this.bestScore === null || score > this.bestScore + TIE) {
      this.bestScore = score;
      this.bestEpoch = epoch;
      this.stale = 0;
      return { improved: true, bestEpoch: epoch, of };
    }
    this.stale++;
    return { improved: false };
  }

  /** Mean F1 of the window centred on validated epoch `i` (a single F1 at the edges). */
  private windowMean(i: number): number {
    const at = (k: number) => this.f1s[k]?.f1;
    const [a, b, c] = [at(i - 1), at(i), at(i + 1)];
    return a === undefined || c === undefined ? (b ?? 0) : (a + (b as number) + c) / 3;
  }
}
