import { InvalidArgumentError } from "commander";
import type { Command } from "commander";
import * as tf from "@tensorflow/tfjs-core";
import { type LoadedBackend, describeBackend, loadBackend } from "../backend.js";
import { downloadProgress, defaultBarTarget } from "../progress/bars.js";
import { type LocatedData, locateBiored } from "../data/locate.js";
import type { Output } from "../output.js";

/** Parses a non-negative integer option, e.g. `--epochs 5`. */
export function integerOption(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${value}"`);
    }
    return n;
  };
}

/**
 * Activates the `--backend` the user chose and prints the one backend line
 * (on tfjs's cpu backend `loadBackend` has installed @biore/tfjs-kernels' fast
 * kernels, explicitly, as the design asks: never as an import side effect).
 */
export async function activateBackend(program: Command, output: Output): Promise<LoadedBackend> {
  // PROD silences tfjs's "install tfjs-node" console banner; the backend line below says it better.
  tf.env().set("PROD", true);
  const backend = await loadBackend(program.opts<{ backend: string }>().backend);
  output.err(describeBackend(backend));
  return backend;
}

/** Finds the corpus for `--data` (or BioRED by the usual chain), downloading with progress if need be. */
export async function locateData(option: string | undefined, output: Output): Promise<LocatedData> {
  const progress = downloadProgress(output, defaultBarTarget());
  try {
    const located = await locateBiored({
      option,
      onDownloadStart: (url) => progress.onStart(url),
      onDownloadProgress: (received, total) => progress.onProgress(received, total),
    });
    if (located.source !== "option") output.err(`data: ${located.path} (from ${located.source})`);
    return located;
  } finally {
    progress.stop();
  }
}
