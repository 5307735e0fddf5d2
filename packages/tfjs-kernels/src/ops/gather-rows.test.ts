import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { BioreError, KernelError } from "../errors.js";
import { gatherRows } from "./gather-rows.js";

describe("gatherRows", () => {
  const table = () => tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);

  it("gathers rows like tf.gather, from an Int32Array or an int32 tensor", () => {
    const ids = Int32Array.from([2, 0, 2]);
    const t = table();
    const idsTensor = tf.tensor1d(ids, "int32");
    expect(gatherRows(t, ids).arraySync()).toEqual(tf.gather(t, idsTensor).arraySync());
    expect(gatherRows(t, idsTensor).arraySync()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    tf.dispose([t, idsTensor]);
  });

  it("has tf.gather's gradient (duplicates summed), for 1-D and 3-D sources", () => {
    const ids = Int32Array.from([1, 1, 0]);
    const idsTensor = tf.tensor1d(ids, "int32");
    for (const x of [
      tf.randomNormal([4], 0, 1, "float32", 1),
      tf.randomNormal([3, 2, 2], 0, 1, "float32", 2),
    ]) {
      const w = tf.randomNormal([3, ...x.shape.slice(1)], 0, 1, "float32", 3);
      const ours = tf.grad((s: tf.Tensor) => tf.sum(tf.mul(gatherRows(s, ids), w)))(x);
      const theirs = tf.grad((s: tf.Tensor) => tf.sum(tf.mul(tf.gather(s, idsTensor), w)))(x);
      expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
      tf.dispose([x, w, ours, theirs]);
    }
    idsTensor.dispose();
  });

  it("leaves no tensors behind, forward or backward", () => {
    const t = table();
    const before = tf.memory().numTensors;
    tf.dispose(gatherRows(t, Int32Array.from([0, 1])));
    tf.dispose(tf.grad((s: tf.Tensor) => tf.sum(gatherRows(s, Int32Array.from([0, 0]))))(t));
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it("rejects out-of-range and non-int32 indices with INVALID_INDICES", () => {
    const t = table();
    const thrown = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const outside = thrown(() => gatherRows(t, Int32Array.from([0, 3])));
    expect(outside).toBeInstanceOf(KernelError);
    expect(outside).toBeInstanceOf(BioreError); // the project's one error base
    expect((outside as KernelError).where).toBe("gatherRows");
    expect((outside as KernelError).code).toBe("INVALID_INDICES");
    expect((outside as KernelError).message).toContain("indices[1] = 3");
    const floats = tf.tensor1d([0, 1]);
    expect((thrown(() => gatherRows(t, floats as tf.Tensor1D)) as KernelError).code).toBe(
      "INVALID_INDICES",
    );
    tf.dispose([t, floats]);
  });
});
