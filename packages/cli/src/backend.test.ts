import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type BackendEnvironment,
  defaultEnvironment,
  describeBackend,
  loadBackend,
} from "./backend.js";
import { UserError } from "./user-error.js";

/** Pretends tfjs-node(-gpu) are installed at `dirs`; loads only the cpu backend for real. */
function fakeEnvironment(
  dirs: Record<string, string | undefined>,
  loaded: string[],
): BackendEnvironment {
  return {
    packageDir: (name) => (name in dirs ? dirs[name] : defaultEnvironment.packageDir(name)),
    load: async (name) => {
      loaded.push(name);
      if (name.includes("tfjs-node")) throw new Error("must not be required without its addon");
      await defaultEnvironment.load(name);
    },
  };
}

describe("loadBackend", () => {
  it("auto falls back to cpu, saying why gpu, node, ort and wasm were skipped, without requiring them", async () => {
    const unbuilt = mkdtempSync(join(tmpdir(), "tfjs-node-"));
    mkdirSync(join(unbuilt, "lib"));
    const loaded: string[] = [];
    const env = fakeEnvironment(
      {
        "@tensorflow/tfjs-node-gpu": undefined,
        "@tensorflow/tfjs-node": unbuilt,
        "onnxruntime-node": undefined,
        "@tensorflow/tfjs-backend-wasm": undefined,
      },
      loaded,
    );
    const backend = await loadBackend("auto", env);
    expect(backend.choice).toBe("cpu");
    expect(backend.tfBackend).toBe("cpu");
    expect(backend.skipped.map((s) => s.choice)).toEqual(["gpu", "node", "ort", "wasm"]);
    expect(backend.skipped[0]!.reason).toMatch(/tfjs-node-gpu is not installed/);
    expect(backend.skipped[1]!.reason).toMatch(/native addon .* was not built/);
    expect(backend.skipped[2]!.reason).toMatch(/onnxruntime-node is not installed/);
    expect(backend.skipped[3]!.reason).toMatch(/tfjs-backend-wasm is not installed/);
    expect(loaded).toEqual(["@tensorflow/tfjs-backend-cpu"]);
    expect(backend.kernels).toMatch(/no onnxruntime/);
    expect(describeBackend(backend)).toMatch(
      /^backend: cpu .*fast cpu kernels.* skipped gpu: .*; node: .*; ort: .*; wasm: /,
    );
  });

  it("tries a native package whose addon exists, and falls back when it fails to load", async () => {
    const built = mkdtempSync(join(tmpdir(), "tfjs-node-"));
    mkdirSync(join(built, "lib", "napi-v8"), { recursive: true });
    writeFileSync(join(built, "lib", "napi-v8", "tfjs_binding.node"), "");
    const loaded: string[] = [];
    const env = fakeEnvironment(
      {
        "@tensorflow/tfjs-node-gpu": undefined,
        "@tensorflow/tfjs-node": built,
        "onnxruntime-node": undefined,
        "@tensorflow/tfjs-backend-wasm": undefined,
      },
      loaded,
    );
    const backend = await loadBackend("auto", env);
    expect(loaded).toContain("@tensorflow/tfjs-node");
    expect(backend.skipped[1]!.reason).toMatch(/failed to load: must not be required/);
    expect(backend.choice).toBe("cpu");
  });

  it("the real install here (no libtensorflow download) falls back to ort: onnxruntime-node's CPU binaries ship in its package", async () => {
    const backend = await loadBackend("auto");
    expect(backend.choice).toBe("ort");
    expect(backend.tfBackend).toBe("cpu");
    expect(backend.kernels).toMatch(
      /BatchMatMul and _FusedMatMul through onnxruntime-node 1\.30\.0/,
    );
    expect(backend.skipped.map((s) => s.choice)).toEqual(["gpu", "node"]);
  });

  it("without onnxruntime-node, auto goes on to wasm", async () => {
    const env = fakeEnvironment({ "onnxruntime-node": undefined }, []);
    const backend = await loadBackend("auto", env);
    expect(backend.choice).toBe("wasm");
    expect(backend.skipped.map((s) => s.choice)).toEqual(["gpu", "node", "ort"]);
  });

  it("rejects an unknown backend and an unavailable explicit one with a hint", async () => {
    await expect(loadBackend("tpu")).rejects.toThrow(UserError);
    await expect(loadBackend("tpu")).rejects.toThrow(/unknown backend "tpu"/);
    const env = fakeEnvironment({ "@tensorflow/tfjs-node": undefined }, []);
    await expect(loadBackend("node", env)).rejects.toMatchObject({
      hint: expect.stringMatching(/--backend cpu/),
    });
  });
});
