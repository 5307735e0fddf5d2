import { PAD_ID, UNK_ID } from "@biore/relation-dataset";
import { createRng } from "../random.js";
import { PretrainingError } from "./errors.js";

/**
 * The id a masked token takes: `[PAD]` (0), the row the relation model's entity masking
 * already uses for hidden names (`TrainOptions.entityMask`), so pre-training and fine-tuning
 * agree on what "a word is hidden here" looks like and no vocabulary row is added.
 */
export const MASK_ID = PAD_ID;

/** Options of {@link maskTokens}. */
export interface MaskOptions {
  /** Share of a sequence's eligible tokens chosen as targets (BERT: 0.15). */
  rate: number;
  /** Seed of every choice (positions and replacements). */
  seed: number;
  /** Ids a random replacement is drawn from: [2, vocabSize) (never `[PAD]` or `[UNK]`). */
  vocabSize: number;
  /**
   * What a chosen token becomes: `bert` = 80 % the mask id, 10 % a random id, 10 % unchanged
   * (Devlin et al. 2019); `mask` = always the mask id. Default `bert`.
   */
  strategy?: "bert" | "mask";
}

/** One masked sequence: the model's input and what it must predict where. */
export interface MaskedSequence {
  /** The input ids, chosen positions replaced. */
  input: Int32Array;
  /** Chosen positions, ascending. */
  positions: Int32Array;
  /** The original ids at `positions`. */
  targets: Int32Array;
}

/**
 * Chooses `max(1, round(rate * n))` of a sequence's `n` eligible tokens (every id but `[PAD]`
 * and `[UNK]`, which would be nothing to predict) without replacement and masks them as
 * `strategy` says. Deterministic for a seed; a sequence with no eligible token gets no targets.
 */
export function maskTokens(ids: Int32Array, options: MaskOptions): MaskedSequence {
  const { rate, vocabSize } = options;
  if (!(rate > 0 && rate <= 1))
    throw new PretrainingError(
      "INVALID_OPTIONS",
      `mask rate must be in (0, 1], got ${rate}`,
      "rate",
    );
  if (!(Number.isInteger(vocabSize) && vocabSize > 2))
    throw new PretrainingError(
      "INVALID_OPTIONS",
      `vocabSize must be > 2, got ${vocabSize}`,
      "vocabSize",
    );
  const eligible: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id !== PAD_ID && id !== UNK_ID) eligible.push(i);
  }
  const input = Int32Array.from(ids);
  if (eligible.length === 0)
    return { input, positions: new Int32Array(0), targets: new Int32Array(0) };
  const count = Math.max(1, Math.round(rate * eligible.length));
  const rng = createRng(options.seed);
  // partial Fisher-Yates: the first `count` entries become a uniform sample
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (eligible.length - i));
    const swap = eligible[i] as number;
    eligible[i] = eligible[j] as number;
    eligible[j] = swap;
  }
  const positions = Int32Array.from(eligible.slice(0, count)).sort();
  const targets = Int32Array.from(positions, (p) => ids[p] as number);
  const bert = (options.strategy ?? "bert") === "bert";
  for (const p of positions) {
    const draw = bert ? rng() : 0;
    if (draw < 0.8) input[p] = MASK_ID;
    else if (draw < 0.9) input[p] = 2 + Math.floor(rng() * (vocabSize - 2));
    // else: left as it was
  }
  return { input, positions, targets };
}
