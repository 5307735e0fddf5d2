// Where a training step's time goes, per tfjs kernel (`tf.profile`), with tfjs's cpu kernels and
// with the fast ones: `pnpm --filter @biore/re-models exec tsx bench/kernels-profile.ts [docs]`.
// `profileKernels` takes any step, e.g. a real model's, to find the next slow kernel.
import "@tensorflow/tfjs-backend-cpu";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";
import { relationModelStep } from "./kernels-model-step.js";
import { formatMs } from "./kernels-timing.js";

/** Total kernel time and call count of one kernel name in a profile. */
export interface KernelTotal {
  kernel: string;
  ms: number;
  calls: number;
}

/** Profiles one run of `step` (after a warm-up run) and returns per-kernel totals, slowest first. */
export async function profileKernels(step: () => unknown): Promise<KernelTotal[]> {
  await step();
  const info = await tf.profile(async () => {
    await step();
  });
  const totals = new Map<string, KernelTotal>();
  for (const k of info.kernels) {
    const entry = totals.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs);
    entry.calls += 1;
    totals.set(k.name, entry);
  }
  return [...totals.values()].sort((a, b) => b.ms - a.ms);
}

/** Prints the `top` slowest kernels of a profile. */
export function printProfile(
  label: string,
  totals: KernelTotal[],
  top = 12,
  log = console.log,
): void {
  const all = totals.reduce((s, t) => s + t.ms, 0);
  log(
    `${label}: ${formatMs(all)} in kernels (wall time inside kernels, nested ones counted twice)`,
  );
  for (const t of totals.slice(0, top)) {
    log(
      `  ${t.kernel.padEnd(22)} ${formatMs(t.ms).padStart(10)} ${String(t.calls).padStart(5)} calls`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await tf.setBackend("cpu");
  const c = relationModelStep(Number(process.argv[2] ?? 2));
  printProfile(`${c.label} (${c.shape}), tfjs kernels`, await profileKernels(c.step));
  registerFastCpuKernels();
  printProfile(`${c.label} (${c.shape}), fast kernels`, await profileKernels(c.step));
  unregisterFastCpuKernels();
  c.dispose();
}
