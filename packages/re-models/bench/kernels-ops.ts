// One case per replaced kernel, at the sizes a BioRED training step produces (8 documents ×
// 400 tokens, hidden 64), scaled down where tfjs's own kernel would take minutes.
import * as tf from "@tensorflow/tfjs-core";

/** A benchmark case: the kernel it exercises, a shape description and the op to run. */
export interface OpCase {
  kernel: string;
  shape: string;
  run: () => unknown;
  /** Runs of tfjs's own kernel (fewer for the very slow ones). */
  tfjsRepeats?: number;
}

/** Builds the op cases; call `dispose` on the result's tensors when done. */
export function opCases(): { cases: OpCase[]; tensors: tf.Tensor[] } {
  const r = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, "float32", seed);
  const h = r([8, 400, 64], 1);
  const h192 = r([8, 400, 192], 2);
  const hPadded = r([8, 402, 64], 3);
  const mask = r([8, 400, 1], 4);
  const flat = r([3200, 64], 5);
  const w = r([64, 192], 6);
  const dy192 = r([3200, 192], 7);
  const table = r([20000, 64], 8);
  const tokenIds = tf.randomUniform([3200], 0, 20000, "int32", 9);
  const segRows = r([256, 32], 10);
  const segIds = tf.randomUniform([256], 0, 500, "int32", 11);
  const convX = r([2, 200, 64], 12);
  const convDy = r([2, 200, 64], 13);
  // Mean-pooling weights of 60 mentions over 400 tokens (two tokens each): mostly zeros.
  const pooling = tf.tidy(() =>
    tf.mul(tf.cast(tf.oneHot(tf.randomUniform([8, 60], 0, 399, "int32", 14), 400), "float32"), 0.5),
  );
  const tensors = [
    pooling,
    h,
    h192,
    hPadded,
    mask,
    flat,
    w,
    dy192,
    table,
    tokenIds,
    segRows,
    segIds,
    convX,
    convDy,
  ];
  const cases: OpCase[] = [
    {
      kernel: "UnsortedSegmentSum",
      shape: "[256,32] into 500 segments",
      run: () => tf.unsortedSegmentSum(segRows, segIds as tf.Tensor1D, 500),
      tfjsRepeats: 1,
    },
    {
      kernel: "Conv2DBackpropFilter",
      shape: "conv1d [2,200,64] k3 -> 64",
      run: () =>
        tf
          .engine()
          .runKernel(
            "Conv2DBackpropFilter",
            { x: tf.reshape(convX, [2, 1, 200, 64]), dy: tf.reshape(convDy, [2, 1, 200, 64]) },
            { strides: [1, 1], pad: "same", dataFormat: "NHWC", filterShape: [1, 3, 64, 64] },
          ),
      tfjsRepeats: 1,
    },
    {
      kernel: "Slice",
      shape: "[8,402,64] -> [8,400,64]",
      run: () => tf.slice(hPadded, [0, 1, 0], [8, 400, 64]),
    },
    { kernel: "SplitV", shape: "[8,400,192] -> 3 x [8,400,64]", run: () => tf.split(h192, 3, 2) },
    {
      kernel: "PadV2",
      shape: "[8,400,64] time +2",
      run: () =>
        tf.pad(h, [
          [0, 0],
          [2, 0],
          [0, 0],
        ]),
    },
    { kernel: "BatchMatMul", shape: "[3200,64] x [64,192]", run: () => tf.matMul(flat, w) },
    {
      kernel: "BatchMatMul (A^T)",
      shape: "[3200,64]^T x [3200,192]",
      run: () => tf.matMul(flat, dy192, true, false),
    },
    {
      kernel: "BatchMatMul (B^T)",
      shape: "[3200,192] x [64,192]^T",
      run: () => tf.matMul(dy192, w, false, true),
    },
    {
      kernel: "BatchMatMul (0/1 mask)",
      shape: "[8,60,400] x [8,400,64]",
      run: () => tf.matMul(pooling, h),
    },
    { kernel: "Max", shape: "[8,400,64] over axis 1", run: () => tf.max(h, 1, true) },
    { kernel: "Relu", shape: "[8,400,64]", run: () => tf.relu(h) },
    { kernel: "Exp", shape: "[8,400,64]", run: () => tf.exp(h) },
    { kernel: "Multiply (broadcast)", shape: "[8,400,64] x [8,400,1]", run: () => tf.mul(h, mask) },
    { kernel: "Add (same shape)", shape: "[8,400,64] + [8,400,64]", run: () => tf.add(h, h) },
    { kernel: "Sub (broadcast)", shape: "[8,400,64] - [8,400,1]", run: () => tf.sub(h, mask) },
    { kernel: "RealDiv (broadcast)", shape: "[8,400,64] / [8,400,1]", run: () => tf.div(h, mask) },
    { kernel: "Sum", shape: "[8,400,64] over axes 0,1", run: () => tf.sum(h, [0, 1]) },
    { kernel: "Mean", shape: "[8,400,64] over axis 2", run: () => tf.mean(h, 2, true) },
    {
      kernel: "GatherV2",
      shape: "[20000,64] rows by 3200 ids",
      run: () => tf.gather(table, tokenIds),
    },
  ];
  return { cases, tensors };
}
