// Timing helpers for the kernel benchmarks: each case runs with tfjs's own cpu kernels and with
// the fast ones in the same process. Times are this process's CPU time (user + system), not wall
// time, so that other programs competing for the cores do not distort the ratios; the cpu backend
// runs on one thread, so CPU time is the work done.
import * as tf from "@tensorflow/tfjs-core";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";

/** CPU milliseconds this process has used so far. */
export function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Milliseconds of one run with tfjs's kernels and with the fast ones (medians). */
export interface PairedTiming {
  tfjsMs: number;
  fastMs: number;
}

/**
 * Median wall time of `run` over `repeats` runs, after one warm-up unless `repeats` is 1 (for
 * tfjs's slowest kernels, where a warm-up would double a multi-second run); tensors it returns
 * are disposed.
 */
function medianMs(run: () => unknown, repeats: number): number {
  const once = () => {
    const start = cpuNow();
    tf.tidy(() => {
      const out = run();
      if (out instanceof tf.Tensor) out.dataSync();
      if (Array.isArray(out)) for (const t of out) if (t instanceof tf.Tensor) t.dataSync();
    });
    return cpuNow() - start;
  };
  if (repeats > 1) once();
  const times = Array.from({ length: repeats }, once).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/**
 * Times `run` with the fast kernels and then with tfjs's (fast first, so any one-off warm-up cost
 * falls on the fast side); leaves the fast ones unregistered.
 */
export function timeBoth(run: () => unknown, repeats: number, tfjsRepeats = repeats): PairedTiming {
  registerFastCpuKernels();
  let fastMs: number;
  try {
    fastMs = medianMs(run, repeats);
  } finally {
    unregisterFastCpuKernels();
  }
  return { tfjsMs: medianMs(run, tfjsRepeats), fastMs };
}

/** "1.23 s" or "45.6 ms". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** One table row: label, both timings and the speed-up. */
export function formatRow(label: string, shape: string, t: PairedTiming): string {
  const ratio = t.tfjsMs / Math.max(t.fastMs, 1e-3);
  return `  ${label.padEnd(22)} ${shape.padEnd(34)} ${formatMs(t.tfjsMs).padStart(9)} ${formatMs(t.fastMs).padStart(9)} ${`${ratio.toFixed(1)}x`.padStart(8)}`;
}

/** Header matching {@link formatRow}. */
export function formatHeader(first: string): string {
  return `  ${first.padEnd(22)} ${"shape".padEnd(34)} ${"tfjs".padStart(9)} ${"fast".padStart(9)} ${"speed-up".padStart(8)}`;
}
