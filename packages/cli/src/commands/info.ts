import type { Command } from "commander";
import * as tf from "@tensorflow/tfjs-core";
import { describeBackend, loadBackend } from "../backend.js";
import type { Output } from "../output.js";

/** `biore info`: which tfjs backend would run, and versions. */
export function registerInfo(program: Command, output: Output): void {
  program
    .command("info")
    .description("show which TensorFlow.js backend runs (and why others were skipped) and versions")
    .option("--json", "print one JSON object")
    .action(async (opts: { json?: boolean }) => {
      const backend = await loadBackend(program.opts<{ backend: string }>().backend);
      if (opts.json) {
        output.out(
          JSON.stringify({ ...backend, tfjsCore: tf.version_core, node: process.version }),
        );
      } else {
        output.out(describeBackend(backend));
        output.out(`tfjs-core ${tf.version_core}, node ${process.version}`);
      }
    });
}
