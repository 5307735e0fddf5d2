import { describe, expect, it } from "vitest";
import { run } from "./program.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe("biore CLI", () => {
  it("info prints one backend line", async () => {
    const io = capture();
    expect(await run(["--backend", "cpu", "info"], io.output)).toBe(0);
    expect(io.out[0]).toMatch(
      /^backend: cpu \(tfjs "cpu"; fast cpu kernels: \d+ JS kernels; no onnxruntime/,
    );
  });

  it("an unknown backend exits non-zero with one clear line, no stack", async () => {
    const io = capture();
    expect(await run(["--backend", "tpu", "info"], io.output)).not.toBe(0);
    expect(io.err.join("\n")).toMatch(/Allowed choices are auto, gpu, node, ort, wasm, cpu/);
    expect(io.err.join("\n")).not.toMatch(/at .*\.ts:\d+/);
  });
});
