import { InvalidArgumentError, Option } from "commander";

/** The windows re-models' trainer selects epochs with (`TrainOptions.selectionWindow`). */
export type SelectionWindow = 1 | 3;

/** Parses `--selection-window 1|3`. */
export function parseSelectionWindow(value: string): SelectionWindow {
  const trimmed = value.trim();
  if (trimmed === "1" || trimmed === "3") return Number(trimmed) as SelectionWindow;
  throw new InvalidArgumentError(
    `expected 1 (the single best epoch) or 3 (the middle of the best 3-epoch mean), got "${value}"`,
  );
}

/**
 * The `--selection-window` option shared by train and compare. Absent, the trainer's default
 * holds (3); 1 is the rule before round 2.7, for reproducing older results and resuming their
 * checkpoints. Patience stays the trainer's default (5) either way: no flag brings back 3.
 */
export function selectionWindowCliOption(): Option {
  return new Option(
    "--selection-window <n>",
    "epochs whose held-out pair+type F1 model selection averages: 3 keeps the middle epoch of the best 3-epoch mean (the default), 1 the single best epoch (the rule before, for older results and their checkpoints); early-stopping patience stays 5 either way",
  ).argParser(parseSelectionWindow);
}

/** The trainer option for a parsed `--selection-window` (nothing when it was not given). */
export function selectionWindowOf(value: SelectionWindow | undefined): {
  selectionWindow?: SelectionWindow;
} {
  return value === undefined ? {} : { selectionWindow: value };
}
