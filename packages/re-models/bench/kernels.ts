// Speed of each fast cpu kernel against tfjs's own, and of whole training steps with and without
// them, measured in the same run: `pnpm --filter @biore/re-models exec tsx bench/kernels.ts`.
import "@tensorflow/tfjs-backend-cpu";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
// tfjs-layers also registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import "@tensorflow/tfjs-layers";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";
import { layersModelStep, relationModelStep, type StepCase } from "./kernels-model-step.js";
import { opCases } from "./kernels-ops.js";
import {
  type PairedTiming,
  cpuNow,
  formatHeader,
  formatMs,
  formatRow,
  timeBoth,
} from "./kernels-timing.js";

/** Options of {@link benchKernels}. */
export interface KernelBenchOptions {
  /** Where lines go (default `console.log`). */
  log?: (line: string) => void;
  /** Runs of each fast op (median reported); default 5. */
  repeats?: number;
  /** Documents in the relation-shaped step; default 4. */
  docs?: number;
}

async function timeStep(c: StepCase): Promise<PairedTiming> {
  const once = async () => {
    const start = cpuNow();
    await c.step();
    return cpuNow() - start;
  };
  // Fast kernels first: the warm-up (JIT, optimizer slots) is paid on their side.
  registerFastCpuKernels();
  let fastMs: number;
  try {
    await once();
    const fast = [await once(), await once(), await once()].sort((a, b) => a - b);
    fastMs = fast[1] as number;
  } finally {
    unregisterFastCpuKernels();
  }
  return { tfjsMs: await once(), fastMs };
}

/** Prints the kernel table and the training-step table on the cpu backend; returns the timings. */
export async function benchKernels(
  options: KernelBenchOptions = {},
): Promise<Record<string, PairedTiming>> {
  const log = options.log ?? console.log;
  const previousBackend = tf.getBackend();
  await tf.setBackend("cpu");
  const results: Record<string, PairedTiming> = {};
  const { registered } = registerFastCpuKernels();
  unregisterFastCpuKernels();
  log(`fast cpu kernels (tfjs-backend-cpu ${tf.version_core}): ${registered.join(", ")}`);
  log(formatHeader("kernel"));
  const { cases, tensors } = opCases();
  for (const c of cases) {
    const t = timeBoth(c.run, options.repeats ?? 5, c.tfjsRepeats ?? options.repeats ?? 5);
    results[c.kernel] = t;
    log(formatRow(c.kernel, c.shape, t));
  }
  tf.dispose(tensors);
  log(formatHeader("training step"));
  for (const c of [layersModelStep(), relationModelStep(options.docs ?? 4)]) {
    const t = await timeStep(c);
    c.dispose();
    results[c.label] = t;
    log(formatRow(c.label, c.shape, t));
  }
  const total = Object.values(results).reduce((s, t) => s + t.tfjsMs, 0);
  log(
    `  (CPU time of this process, medians; tfjs's kernels took ${formatMs(total)} in all; speed-up = tfjs / fast, same run)`,
  );
  if (previousBackend && previousBackend !== "cpu") await tf.setBackend(previousBackend);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchKernels();
}
