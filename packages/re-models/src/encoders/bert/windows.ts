import * as tf from "@tensorflow/tfjs-core";
import { gatherRows } from "../../model/ops.js";

/** The special wordpieces that frame every window. */
export interface FrameIds {
  cls: number;
  sep: number;
  pad: number;
}

/**
 * How B documents of up to T wordpieces become N windows of W wordpieces that BERT can
 * read (W <= max positions), and how window states map back to document tokens.
 */
export interface WindowPlan {
  numWindows: number;
  /** Window width, [CLS] and [SEP] included. */
  width: number;
  /** [N * W] wordpiece ids of every window, [CLS] first, [SEP] after the last token, padded. */
  ids: Int32Array;
  /** [N * W] 1 on [CLS], tokens and [SEP]. */
  mask: Float32Array;
  /**
   * Slots of the merge: token (b, t) is the weighted sum over k of row `index[k][b*T+t]`
   * of the flattened [N * W (+1 zero row), H] window states, with weight `weight[k][b*T+t]`
   * (1 / number of windows covering the token; padding points at the zero row).
   */
  index: Int32Array[];
  weight: Float32Array[];
}

/** Window starts covering `length` tokens with `content` tokens per window, `stride` apart. */
export function windowStarts(length: number, content: number, stride: number): number[] {
  if (length <= content) return [0];
  const starts: number[] = [];
  let start = 0;
  for (; start + content < length; start += stride) starts.push(start);
  starts.push(Math.min(start, length - content));
  return [...new Set(starts)];
}

/**
 * Plans sliding windows for a padded batch: a document that fits in `maxPositions - 2`
 * wordpieces is one window; a longer one is read in windows of that many wordpieces,
 * `stride` apart, and each token's state is the mean over the windows that cover it.
 * `tokenIds` is [B * T] and each document's tokens are the first `lengths[b]` of its row.
 */
export function planWindows(
  tokenIds: Int32Array,
  lengths: ArrayLike<number>,
  maxTokens: number,
  maxPositions: number,
  stride: number,
  frame: FrameIds,
): WindowPlan {
  const content = maxPositions - 2;
  if (content < 1) throw new RangeError(`maxPositions ${maxPositions} leaves no room for tokens`);
  if (!(Number.isInteger(stride) && stride >= 1 && stride <= content)) {
    throw new RangeError(`window stride ${stride} must be an integer in [1, ${content}]`);
  }
  const b = lengths.length;
  const t = maxTokens;
  const startsOf = Array.from({ length: b }, (_, row) =>
    windowStarts(lengths[row]!, content, stride),
  );
  const longest = Math.max(1, ...Array.from(lengths));
  const width = Math.min(longest, content) + 2;
  const numWindows = startsOf.reduce((sum, s) => sum + s.length, 0);
  const ids = new Int32Array(numWindows * width).fill(frame.pad);
  const mask = new Float32Array(numWindows * width);
  const zeroRow = numWindows * width;
  const covers: Array<Array<[number, number]>> = Array.from({ length: b * t }, () => []);
  let window = 0;
  for (let row = 0; row < b; row++) {
    const length = lengths[row]!;
    for (const start of startsOf[row]!) {
      const end = Math.min(length, start + content);
      const base = window * width;
      ids[base] = frame.cls;
      mask[base] = 1;
      for (let tok = start; tok < end; tok++) {
        const slot = base + 1 + tok - start;
        ids[slot] = tokenIds[row * t + tok]!;
        mask[slot] = 1;
        covers[row * t + tok]!.push([slot, 0]);
      }
      ids[base + 1 + end - start] = frame.sep;
      mask[base + 1 + end - start] = 1;
      window++;
    }
  }
  const slots = Math.max(1, ...covers.map((c) => c.length));
  const index = Array.from({ length: slots }, () => new Int32Array(b * t).fill(zeroRow));
  const weight = Array.from({ length: slots }, () => new Float32Array(b * t));
  covers.forEach((list, token) => {
    list.forEach(([slot], k) => {
      index[k]![token] = slot;
      weight[k]![token] = 1 / list.length;
    });
  });
  return { numWindows, width, ids, mask, index, weight };
}

/** Window states [N, W, H] -> document token states [B, T, H] by the plan's weighted merge. */
export function mergeWindows(
  states: tf.Tensor3D,
  plan: WindowPlan,
  b: number,
  t: number,
): tf.Tensor3D {
  const h = states.shape[2];
  const rows = tf.concat(
    [tf.reshape(states, [plan.numWindows * plan.width, h]), tf.zeros([1, h])],
    0,
  ) as tf.Tensor2D;
  let merged: tf.Tensor | undefined;
  plan.index.forEach((index, k) => {
    const picked = tf.mul(
      gatherRows(rows, tf.tensor1d(index, "int32")),
      tf.tensor2d(plan.weight[k]!, [b * t, 1]),
    );
    merged = merged ? tf.add(merged, picked) : picked;
  });
  return tf.reshape(merged as tf.Tensor, [b, t, h]) as tf.Tensor3D;
}
