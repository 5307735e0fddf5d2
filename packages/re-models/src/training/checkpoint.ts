import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import { ModelError } from "../errors.js";
import { writeFileAtomic } from "@biore/bioc-io";
import { checkTensorSpecs, isCount, nonFiniteTensor, sha256Hex } from "../io/integrity.js";
import { decodeTensors, encodeTensors, expectedByteLength } from "../io/tensor-codec.js";

/**
 * Layout: MAGIC, 32-byte SHA-256 of everything after it, u32 LE header length, header JSON
 * ({state, specs}), tensor bytes. The digest makes any flipped or edited byte a
 * `CHECKPOINT_CORRUPT`, never a silent resume.
 */
const MAGIC = Buffer.from("BIORE-CKPT-2\n", "utf8");
/** Written before checkpoints carried a digest; refused (no way to tell damage from data). */
const MAGIC_V1 = Buffer.from("BIORE-CKPT-1\n", "utf8");
const DIGEST_BYTES = 32;

/** File name of the checkpoint inside a checkpoint directory. */
export const CHECKPOINT_FILE = "checkpoint.bin";

/** Everything besides tensors that a resumed run needs. */
export interface CheckpointState {
  /** Epochs completed (1-based count). */
  epoch: number;
  optimizerStep: number;
  /** Updates per parameter (AdamW's bias correction); absent in older checkpoints. */
  optimizerUpdates?: Record<string, number>;
  bestEpoch: number;
  bestValidationF1: number | null;
  epochsWithoutImprovement: number;
  history: unknown[];
  config: ModelConfig;
  /** Options that must match for a resume to continue the same run. */
  runKey: Record<string, unknown>;
  /**
   * Token limit the training documents were encoded with (the model's
   * `preprocessing.maxTokens`; null when the model records none). Absent in checkpoints
   * written before it was recorded, which a resume refuses.
   */
  maxTokens?: number | null;
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
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.byteLength);
  const body = Buffer.concat([length, header, data]);
  const digest = Buffer.from(sha256Hex(body), "hex");
  const path = join(dir, CHECKPOINT_FILE);
  writeFileAtomic(path, Buffer.concat([MAGIC, digest, body]));
  return path;
}

/** Whether a checkpoint exists in `dir`. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, CHECKPOINT_FILE));
}

/** A problem with the state fields, or undefined when they are consistent. */
function stateProblem(state: Partial<CheckpointState> | null | undefined): string | undefined {
  if (!state || typeof state !== "object") return "no state";
  const { epoch, optimizerStep, bestEpoch, bestValidationF1, epochsWithoutImprovement } = state;
  if (!isCount(epoch) || epoch < 1) return `epoch is ${JSON.stringify(epoch)}`;
  const planned = (state.runKey as { epochs?: unknown } | undefined)?.epochs;
  if (!state.runKey || typeof state.runKey !== "object") return "no run key";
  if (typeof planned === "number" && epoch > planned)
    return `epoch ${epoch} is past the run's ${planned} epochs`;
  if (!isCount(optimizerStep)) return `optimizerStep is ${JSON.stringify(optimizerStep)}`;
  if (!isCount(bestEpoch) || bestEpoch > epoch) return `bestEpoch is ${JSON.stringify(bestEpoch)}`;
  if (!isCount(epochsWithoutImprovement) || epochsWithoutImprovement > epoch)
    return `epochsWithoutImprovement is ${JSON.stringify(epochsWithoutImprovement)}`;
  if (
    bestValidationF1 !== null &&
    !(typeof bestValidationF1 === "number" && bestValidationF1 >= 0 && bestValidationF1 <= 1)
  )
    return `bestValidationF1 is ${JSON.stringify(bestValidationF1)}`;
  if (!Array.isArray(state.history) || state.history.length !== epoch)
    return `history has ${Array.isArray(state.history) ? state.history.length : "no"} epochs, epoch is ${epoch}`;
  if (!state.config || typeof state.config !== "object") return "no model config";
  const { maxTokens } = state;
  if (maxTokens !== undefined && maxTokens !== null && !(isCount(maxTokens) && maxTokens > 0))
    return `maxTokens is ${JSON.stringify(maxTokens)}`;
  if (
    state.contrastive !== undefined &&
    (typeof state.contrastive !== "object" || !state.contrastive)
  )
    return "contrastive state is not an object";
  return undefined;
}

/**
 * Reads a checkpoint. A file that is truncated, damaged or edited (the digest, the
 * header, the state fields, non-finite values) is `CHECKPOINT_CORRUPT`; one written by
 * an older version without a digest is `CHECKPOINT_INVALID`. Both name the file.
 */
export function readCheckpoint(dir: string): {
  state: CheckpointState;
  tensors: Record<string, tf.Tensor>;
} {
  const path = join(dir, CHECKPOINT_FILE);
  const corrupt = (what: string) =>
    new ModelError("CHECKPOINT_CORRUPT", `checkpoint is damaged: ${what}`, path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ModelError(
      "CHECKPOINT_INVALID",
      `cannot read the checkpoint: ${(error as Error).message}`,
      path,
    );
  }
  const start = bytes.subarray(0, MAGIC.byteLength);
  if (start.equals(MAGIC_V1))
    throw new ModelError(
      "CHECKPOINT_INVALID",
      "checkpoint was written by an older version (no digest to verify it); train without --resume",
      path,
    );
  if (!start.equals(MAGIC)) throw corrupt("it does not start with a re-models checkpoint header");
  const headerStart = MAGIC.byteLength + DIGEST_BYTES + 4;
  if (bytes.byteLength < headerStart) throw corrupt(`truncated at ${bytes.byteLength} bytes`);
  const digest = bytes.subarray(MAGIC.byteLength, MAGIC.byteLength + DIGEST_BYTES).toString("hex");
  const body = bytes.subarray(MAGIC.byteLength + DIGEST_BYTES);
  if (sha256Hex(body) !== digest)
    throw corrupt(
      `its content does not match its SHA-256 (truncated, damaged or edited; ${bytes.byteLength} bytes)`,
    );
  const headerLength = body.readUInt32LE(0);
  if (headerStart + headerLength > bytes.byteLength)
    throw corrupt("the header runs past the end of the file");
  let parsed: { state?: Partial<CheckpointState>; specs?: unknown };
  try {
    parsed = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString("utf8"));
  } catch {
    throw corrupt("the header is not valid JSON");
  }
  const specs = checkTensorSpecs(parsed?.specs);
  if (typeof specs === "string") throw corrupt(specs);
  const problem = stateProblem(parsed.state);
  if (problem) throw corrupt(problem);
  const data = bytes.subarray(headerStart + headerLength);
  if (data.byteLength !== expectedByteLength(specs))
    throw corrupt(
      `it holds ${data.byteLength} tensor bytes, its header describes ${expectedByteLength(specs)}`,
    );
  const bad = nonFiniteTensor(data, specs);
  if (bad !== undefined) throw corrupt(`tensor ${bad} holds NaN or infinite values`);
  return {
    state: parsed.state as CheckpointState,
    tensors: decodeTensors(data, specs as tf.io.WeightsManifestEntry[]),
  };
}

/**
 * Checks that a checkpoint's tensors fit the model being trained: every parameter present,
 * and parameters and optimizer moments with the parameter's shape and dtype. Returns the
 * problem, or undefined.
 */
export function checkpointMismatch(
  tensors: Record<string, tf.Tensor>,
  params: ReadonlyMap<string, tf.Tensor>,
): string | undefined {
  for (const [name, p] of params) {
    if (!tensors[`param/${name}`]) return `it has no param/${name}`;
    for (const key of [`param/${name}`, `m/${name}`, `v/${name}`]) {
      const t = tensors[key];
      if (t && (t.dtype !== p.dtype || t.shape.join(",") !== p.shape.join(",")))
        return `${key} is ${t.dtype}[${t.shape}], the model's is ${p.dtype}[${p.shape}]`;
    }
  }
  return undefined;
}
