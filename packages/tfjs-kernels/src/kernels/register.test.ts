import * as tf from "@tensorflow/tfjs-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useCpuBackend } from "./kernel-test-utils.js";
import { FAST_CPU_KERNELS, registerFastCpuKernels, unregisterFastCpuKernels } from "./register.js";

describe("registerFastCpuKernels", () => {
  beforeAll(useCpuBackend);
  afterEach(unregisterFastCpuKernels);

  it("replaces every fast kernel on the cpu backend and restores tfjs's originals", () => {
    const names = FAST_CPU_KERNELS.map((k) => k.kernelName);
    const before = names.map((name) => tf.getKernel(name, "cpu"));
    const { registered } = registerFastCpuKernels();
    expect(registered).toEqual(names);
    names.forEach((name, i) => {
      expect(tf.getKernel(name, "cpu")).not.toBe(before[i]);
      expect(tf.getKernel(name, "cpu").backendName).toBe("cpu");
    });
    unregisterFastCpuKernels();
    for (const [i, name] of names.entries()) expect(tf.getKernel(name, "cpu")).toBe(before[i]);
  });

  it("is idempotent", () => {
    const first = registerFastCpuKernels();
    const installed = first.registered.map((name) => tf.getKernel(name, "cpu"));
    const second = registerFastCpuKernels();
    expect(second.registered).toEqual(first.registered);
    for (const [i, name] of second.registered.entries()) {
      expect(tf.getKernel(name, "cpu")).toBe(installed[i]);
    }
  });

  it("registers nothing for backends other than cpu", () => {
    const otherBackends = (names: string[]) =>
      names.flatMap((name) =>
        ["webgl", "wasm", "tensorflow", "webgpu"].map((b) => tf.getKernel(name, b)),
      );
    const names = FAST_CPU_KERNELS.map((k) => k.kernelName);
    const before = otherBackends(names);
    registerFastCpuKernels();
    expect(otherBackends(names)).toEqual(before);
  });

  it("unregistering twice is harmless", () => {
    registerFastCpuKernels();
    unregisterFastCpuKernels();
    expect(() => unregisterFastCpuKernels()).not.toThrow();
  });
});
