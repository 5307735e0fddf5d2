import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import { ModelError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { decodeTensors, encodeTensors, expectedByteLength } from "../io/tensor-codec.js";

const MAGIC = "BIORE-CKPT-1\n";

/** File name of the checkpoint inside a checkpoint directory. */
export const CHECKPOINT_FILE = "checkpoint.bin";

/** Everything besides tensors that a resumed run needs. */
export interface CheckpointState {
  /** Epochs completed (1-based count). */
  epoch: number;
  optimizerStep: number;
  bestEpoch: number;
  bestValidationF1: number | null;
  epochsWithoutImprovement: number;
  history: unknown[];
  config: ModelConfig;
  /** Options that must match for a resume to continue the same run. */
  runKey: Record<string, unknown>;
  /**
   * Non-tensor state of the contrastive term (e.g. the memory bank's labels); its tensors are
   * stored as `contrastive/<name>`. Absent for stateless terms and in older checkpoints.
   */
  contrastive?: Record<string, unknown>;
}

/** Writes state + tensors to `dir/checkpoint.bin` atomically (temp file + rename). */
export async function writeCheckpoint(
  dir: string,
  state: CheckpointState,
  tensors: Record<string, tf.Tensor>,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const { specs, data } = await encodeTensors(tensors);
  const header = Buffer.from(JSON.stringify({ state, specs }), "utf8");
  const magic = Buffer.from(MAGIC, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.byteLength);
  const path = join(dir, CHECKPOINT_FILE);
  writeFileAtomic(path, Buffer.concat([magic, length, header, data]));
  return path;
}

/** Whether a checkpoint exists in `dir`. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, CHECKPOINT_FILE));
}

/** Reads a checkpoint; throws `CHECKPOINT_INVALID` for a truncated or foreign file. */
export function readCheckpoint(dir: string): {
  state: CheckpointState;
  tensors: Record<string, tf.Tensor>;
} {
  const path = join(dir, CHECKPOINT_FILE);
  const bytes = readFileSync(path);
  const magic = Buffer.from(MAGIC, "utf8");
  if (
    bytes.byteLength < magic.byteLength + 4 ||
    !bytes.subarray(0, magic.byteLength).equals(magic)
  ) {
    throw new ModelError("CHECKPOINT_INVALID", "not a re-models checkpoint", path);
  }
  const headerLength = bytes.readUInt32LE(magic.byteLength);
  const headerStart = magic.byteLength + 4;
  let parsed: { state: CheckpointState; specs: tf.io.WeightsManifestEntry[] };
  try {
    parsed = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString("utf8"));
  } catch {
    throw new ModelError("CHECKPOINT_INVALID", "checkpoint header is not valid JSON", path);
  }
  const data = bytes.subarray(headerStart + headerLength);
  if (data.byteLength !== expectedByteLength(parsed.specs)) {
    throw new ModelError(
      "CHECKPOINT_INVALID",
      `checkpoint holds ${data.byteLength} weight bytes, its header describes ${expectedByteLength(parsed.specs)}`,
      path,
    );
  }
  return { state: parsed.state, tensors: decodeTensors(data, parsed.specs) };
}
