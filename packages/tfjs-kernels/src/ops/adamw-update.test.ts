import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../kernels/kernel-test-utils.js";
import { type AdamWUpdateOptions, adamwUpdate, adamwUpdateReference } from "./adamw-update.js";

/** A parameter with moments, as after a few steps (m of either sign, v > 0); `seed` > 0 (tfjs draws a random seed for 0). */
function slots(shape: number[], seed: number) {
  return {
    param: tf.variable(tf.randomNormal(shape, 0, 1, "float32", seed)),
    m: tf.variable(tf.randomNormal(shape, 0, 0.1, "float32", seed + 1)),
    v: tf.variable(tf.randomUniform(shape, 0, 0.01, "float32", seed + 2)),
  };
}

describe("adamwUpdate", () => {
  const settings: AdamWUpdateOptions[] = [
    {
      learningRate: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      correction1: 0.1,
      correction2: 0.001,
      weightDecay: 0.01,
    },
    {
      learningRate: 0.05,
      beta1: 0.8,
      beta2: 0.99,
      epsilon: 1e-6,
      correction1: 0.67,
      correction2: 0.2,
      weightDecay: 0,
    },
  ];
  for (const [k, options] of settings.entries()) {
    for (const shape of [[1], [17, 5], [3, 4, 6]]) {
      it(`equals the tfjs-op step on param, m and v, three steps in a row (shape [${shape}], settings ${k})`, () => {
        const ours = slots(shape, 10 * k + 1);
        const theirs = slots(shape, 10 * k + 1);
        const before = tf.memory().numTensors;
        for (let step = 0; step < 3; step++) {
          const grad = tf.randomNormal(shape, 0, 1, "float32", 100 + step);
          adamwUpdate(ours, grad, options);
          adamwUpdateReference(theirs, grad, options);
          grad.dispose();
        }
        expect(tf.memory().numTensors, "tensors leaked").toBe(before);
        for (const key of ["param", "m", "v"] as const) {
          expectClose(ours[key].dataSync() as Float32Array, theirs[key].dataSync() as Float32Array);
        }
        tf.dispose([...Object.values(ours), ...Object.values(theirs)]);
      });
    }
  }

  it("gradientScale steps as on the float32 product tf.mul(grad, scale), on both paths", () => {
    const options = { ...(settings[0] as AdamWUpdateOptions), gradientScale: 0.37 };
    const scaled = slots([9, 7], 3);
    const premultiplied = slots([9, 7], 3);
    const reference = slots([9, 7], 3);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      const grad = tf.randomNormal([9, 7], 0, 1, "float32", 200 + step);
      const product = tf.mul(grad, 0.37);
      adamwUpdate(scaled, grad, options);
      adamwUpdate(premultiplied, product, { ...options, gradientScale: undefined });
      adamwUpdateReference(reference, grad, options);
      tf.dispose([grad, product]);
    }
    expect(tf.memory().numTensors, "tensors leaked").toBe(before);
    for (const key of ["param", "m", "v"] as const) {
      // the same float32 gradient, so the same arithmetic: equal, not just close
      expect(Array.from(scaled[key].dataSync())).toEqual(Array.from(premultiplied[key].dataSync()));
      expectClose(
        scaled[key].dataSync() as Float32Array,
        reference[key].dataSync() as Float32Array,
      );
    }
    tf.dispose([
      ...Object.values(scaled),
      ...Object.values(premultiplied),
      ...Object.values(reference),
    ]);
  });

  it("gives bit for bit the float64 formula with float32 moments (the host loop's numbers)", () => {
    // each element as the loop has always computed it: the moments rounded to float32, the
    // parameter's update in float64 rounded once on store
    for (const gradientScale of [1, 0.37]) {
      const options = { ...(settings[0] as AdamWUpdateOptions), gradientScale };
      const own = tf.tidy(() => slots([40, 9], 7));
      const grad = tf.randomNormal([40, 9], 0, 1, "float32", 70);
      const [p, m, v, g] = [own.param, own.m, own.v, grad].map((t) =>
        Float32Array.from(t.dataSync()),
      );
      adamwUpdate(own, grad, options);
      const { learningRate, beta1, beta2, epsilon, correction1, correction2, weightDecay } =
        options;
      const scale = Math.fround(gradientScale);
      for (let i = 0; i < (p as Float32Array).length; i++) {
        const gi = Math.fround(((g as Float32Array)[i] as number) * scale);
        const mi = Math.fround(beta1 * ((m as Float32Array)[i] as number) + (1 - beta1) * gi);
        const vi = Math.fround(beta2 * ((v as Float32Array)[i] as number) + (1 - beta2) * gi * gi);
        const pi =
          ((p as Float32Array)[i] as number) * (1 - learningRate * weightDecay) -
          ((learningRate / correction1) * mi) / (Math.sqrt(vi * (1 / correction2)) + epsilon);
        (m as Float32Array)[i] = mi;
        (v as Float32Array)[i] = vi;
        (p as Float32Array)[i] = pi;
      }
      expect(Array.from(own.m.dataSync())).toEqual(Array.from(m as Float32Array));
      expect(Array.from(own.v.dataSync())).toEqual(Array.from(v as Float32Array));
      expect(Array.from(own.param.dataSync())).toEqual(Array.from(p as Float32Array));
      tf.dispose([...Object.values(own), grad]);
    }
  });

  it("updates variables no other tensor shares in place, as the allocating path would", () => {
    const options = settings[0] as AdamWUpdateOptions;
    // tidy frees the initial values, so each variable is the only holder of its array
    const own = tf.tidy(() => slots([6, 5], 4));
    const shared = slots([6, 5], 4); // the initial values stay alive: the first step allocates
    const arrays = (["param", "m", "v"] as const).map((key) => own[key].dataSync());
    for (let step = 0; step < 2; step++) {
      const grad = tf.randomNormal([6, 5], 0, 1, "float32", 300 + step);
      adamwUpdate(own, grad, options);
      adamwUpdate(shared, grad, options);
      grad.dispose();
    }
    (["param", "m", "v"] as const).forEach((key, i) => {
      expect(own[key].dataSync(), `${key} written in place`).toBe(arrays[i]);
      expect(Array.from(own[key].dataSync())).toEqual(Array.from(shared[key].dataSync()));
    });
    tf.dispose([...Object.values(own), ...Object.values(shared)]);
  });

  it("leaves tensors that shared the parameter's values unchanged (checkpoint snapshots)", () => {
    const s = slots([4], 1);
    const snapshot = tf.clone(s.param);
    const kept = Float32Array.from(snapshot.dataSync());
    const grad = tf.ones([4]);
    adamwUpdate(s, grad, settings[0] as AdamWUpdateOptions);
    expect(Array.from(snapshot.dataSync())).toEqual(Array.from(kept));
    expect(Array.from(s.param.dataSync())).not.toEqual(Array.from(kept));
    tf.dispose([...Object.values(s), snapshot, grad]);
  });

  it("rejects a gradient of another size or dtype", () => {
    const s = slots([4], 2);
    const grad = tf.ones([5]);
    const ints = tf.ones([4], "int32");
    const code = expect.objectContaining({ code: "INVALID_ATTRIBUTE", where: "adamwUpdate" });
    expect(() => adamwUpdate(s, grad, settings[0] as AdamWUpdateOptions)).toThrow(code);
    expect(() => adamwUpdate(s, ints, settings[0] as AdamWUpdateOptions)).toThrow(code);
    tf.dispose([...Object.values(s), grad, ints]);
  });
});
