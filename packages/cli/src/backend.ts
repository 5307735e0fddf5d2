import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ONNXRUNTIME_ENV, registerFastCpuKernels } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import { UserError } from "./user-error.js";

/** What the user may ask for with `--backend`. */
export type BackendChoice = "auto" | "gpu" | "node" | "ort" | "wasm" | "cpu";
/**
 * Every value `--backend` accepts (`auto` tries gpu, node, ort, wasm, then cpu). `ort` is tfjs's
 * cpu backend with its matmuls run by onnxruntime-node's CPU engine (@biore/tfjs-kernels).
 */
export const BACKEND_CHOICES: readonly BackendChoice[] = [
  "auto",
  "gpu",
  "node",
  "ort",
  "wasm",
  "cpu",
];

/** A backend `auto` (or an explicit choice) could not use, and why. */
export interface BackendSkip {
  choice: Exclude<BackendChoice, "auto">;
  reason: string;
}

/** The backend that is now active in tfjs, and those skipped before it. */
export interface LoadedBackend {
  /** The choice that is running. */
  choice: Exclude<BackendChoice, "auto">;
  /** tfjs's name of the active backend (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  /** Backends tried before it and why each was skipped. */
  skipped: BackendSkip[];
  /** On tfjs's cpu backend: which fast kernels @biore/tfjs-kernels installed, and why. */
  kernels?: string;
}

/** A backend that loaded: tfjs's name for it, and the fast-kernel line on cpu. */
type Loaded = Pick<LoadedBackend, "tfBackend" | "kernels">;

/** Hooks so tests can simulate installs; defaults look at the real node_modules. */
export interface BackendEnvironment {
  /** Directory of an installed package, or undefined when not installed. */
  packageDir(name: string): string | undefined;
  /** Loads a module for its side effect of registering a backend. */
  load(name: string): Promise<void>;
}

const requireHere = createRequire(import.meta.url);

export const defaultEnvironment: BackendEnvironment = {
  packageDir(name) {
    try {
      return dirname(requireHere.resolve(`${name}/package.json`));
    } catch {
      return undefined;
    }
  },
  async load(name) {
    // tfjs-node ships CommonJS; require keeps its single tfjs-core instance.
    requireHere(name);
  },
};

const NATIVE_PACKAGES = {
  gpu: "@tensorflow/tfjs-node-gpu",
  node: "@tensorflow/tfjs-node",
} as const;

/**
 * The native addon's path, or undefined. Checked before requiring: a failed
 * require of tfjs-node has already registered its kernels, and a retry floods
 * the log with "kernel already registered".
 */
function nativeAddon(packageDir: string): string | undefined {
  const lib = join(packageDir, "lib");
  if (!existsSync(lib)) return undefined;
  for (const entry of readdirSync(lib)) {
    const addon = join(lib, entry, "tfjs_binding.node");
    if (entry.startsWith("napi-v") && existsSync(addon)) return addon;
  }
  return undefined;
}

async function tryNative(
  choice: "gpu" | "node",
  env: BackendEnvironment,
): Promise<Loaded | BackendSkip> {
  const pkg = NATIVE_PACKAGES[choice];
  const dir = env.packageDir(pkg);
  if (!dir) return { choice, reason: `${pkg} is not installed` };
  if (!nativeAddon(dir)) {
    return {
      choice,
      reason: `${pkg} is installed but its native addon (lib/napi-v*/tfjs_binding.node) was not built; its install script downloads libtensorflow (see README: "Native backends")`,
    };
  }
  try {
    await env.load(pkg);
    if (!(await tf.setBackend("tensorflow"))) {
      return { choice, reason: `${pkg} loaded but the tensorflow backend failed to initialize` };
    }
    return { tfBackend: "tensorflow" };
  } catch (error) {
    return { choice, reason: `${pkg} failed to load: ${(error as Error).message.split("\n")[0]}` };
  }
}

async function tryPure(
  choice: "wasm" | "cpu",
  env: BackendEnvironment,
): Promise<Loaded | BackendSkip> {
  const pkg = choice === "wasm" ? "@tensorflow/tfjs-backend-wasm" : "@tensorflow/tfjs-backend-cpu";
  if (!env.packageDir(pkg)) return { choice, reason: `${pkg} is not installed` };
  try {
    await env.load(pkg);
    if (!(await tf.setBackend(choice))) {
      return { choice, reason: `the ${choice} backend failed to initialize` };
    }
    // explicit, never an import side effect; JS kernels only (onnxruntime is the `ort` choice)
    const kernels =
      choice === "cpu" ? registerFastCpuKernels({ onnxruntime: false }).summary : undefined;
    return { tfBackend: choice, kernels };
  } catch (error) {
    return { choice, reason: `${pkg} failed to load: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** tfjs's cpu backend with BatchMatMul and _FusedMatMul run by onnxruntime-node (if installed). */
async function tryOrt(env: BackendEnvironment): Promise<Loaded | BackendSkip> {
  if (!env.packageDir("onnxruntime-node")) {
    return { choice: "ort", reason: "onnxruntime-node is not installed" };
  }
  if (process.env[ONNXRUNTIME_ENV] === "off") {
    return { choice: "ort", reason: `disabled by ${ONNXRUNTIME_ENV}=off` };
  }
  const cpu = await tryPure("cpu", env);
  if ("reason" in cpu) return { choice: "ort", reason: cpu.reason };
  try {
    return { tfBackend: "cpu", kernels: registerFastCpuKernels({ onnxruntime: true }).summary };
  } catch (error) {
    registerFastCpuKernels({ onnxruntime: false });
    return { choice: "ort", reason: (error as Error).message.split("\n")[0] as string };
  }
}

function tryOne(choice: Exclude<BackendChoice, "auto">, env: BackendEnvironment) {
  if (choice === "gpu" || choice === "node") return tryNative(choice, env);
  return choice === "ort" ? tryOrt(env) : tryPure(choice, env);
}

/**
 * Activates a tfjs backend. `auto` tries tfjs-node-gpu, then tfjs-node, then
 * ort (tfjs cpu + onnxruntime-node's CPU matmuls, 3-10x wasm on matmul-heavy work), then
 * wasm (prebuilt in its npm package, so it works offline; it trains and infers
 * 2-3x faster than pure JS here, with the same numbers to ~1e-5), then the
 * pure-JS cpu backend; an explicit choice that cannot load is a UserError.
 */
export async function loadBackend(
  choice: string,
  env: BackendEnvironment = defaultEnvironment,
): Promise<LoadedBackend> {
  if (!BACKEND_CHOICES.includes(choice as BackendChoice)) {
    throw new UserError(
      `unknown backend "${choice}"`,
      `use --backend ${BACKEND_CHOICES.join("|")}`,
    );
  }
  const order: Exclude<BackendChoice, "auto">[] =
    choice === "auto"
      ? ["gpu", "node", "ort", "wasm", "cpu"]
      : [choice as Exclude<BackendChoice, "auto">];
  const skipped: BackendSkip[] = [];
  for (const candidate of order) {
    const result = await tryOne(candidate, env);
    if (!("reason" in result)) return { choice: candidate, ...result, skipped };
    skipped.push(result);
  }
  const last = skipped[skipped.length - 1]!;
  throw new UserError(
    `backend "${choice}" is not available: ${last.reason}`,
    "try --backend cpu, which always works",
  );
}

/** The one line the CLI prints about the backend, e.g. `backend: cpu (skipped gpu: ...; node: ...)`. */
export function describeBackend(loaded: LoadedBackend): string {
  const skipped = loaded.skipped.map((s) => `${s.choice}: ${s.reason}`).join("; ");
  const kernels = loaded.kernels ? `; ${loaded.kernels}` : "";
  return `backend: ${loaded.choice} (tfjs "${loaded.tfBackend}"${kernels})${skipped ? ` — skipped ${skipped}` : ""}`;
}
