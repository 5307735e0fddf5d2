import type { BioCFormat } from "@biore/bioc-io";
import type { RelationSchema, TypeMapping, UnknownEntityTypes } from "@biore/relation-dataset";
import type { RelationModel } from "@biore/re-models";
import { finishedOutput, manifestPathFor, readManifest, recordShard } from "./manifest.js";
import {
  type ShardOutput,
  checkDistinctOutputs,
  outputTarget,
  shardFormat,
  shardOutput,
} from "./outputs.js";
import { type ShardResult, predictShard } from "./predict-shard.js";
import { type Shard, resolveShards } from "./shards.js";
import { UnknownTypeTally } from "./unknown-types.js";

/** Options of {@link predictFiles}. */
export interface PredictFilesOptions {
  model: RelationModel;
  /** {@link modelDigest} of the model folder, recorded in the manifest. */
  modelDigest: string;
  /** Files, folders and glob patterns. */
  inputs: readonly string[];
  /** A file (one input) or a folder (one output per input). */
  out: string;
  /** Output format; default: each input's own. */
  to?: BioCFormat;
  /** Skip inputs whose output exists and the manifest records with this model's digest. */
  skipExisting?: boolean;
  batch?: number;
  schema?: RelationSchema;
  typeMap?: TypeMapping;
  /** The plan is made: shards, their outputs, which are skipped, total input bytes. */
  onPlan?: (plan: PredictPlan) => void;
  /** After each batch. */
  onProgress?: (progress: PredictProgress) => void;
  /** After each finished shard. */
  onShard?: (result: ShardResult) => void;
}

/** One shard and where it goes. */
export interface PlannedShard {
  shard: Shard;
  output: ShardOutput;
  skip: boolean;
}

export interface PredictPlan {
  shards: PlannedShard[];
  /** Bytes of the inputs to be predicted (skipped ones excluded). */
  totalBytes: number;
}

export interface PredictProgress {
  documents: number;
  bytesDone: number;
  totalBytes: number;
  shard: string;
}

/** What a predict run did. */
export interface PredictSummary {
  shards: number;
  skipped: number;
  documents: number;
  relations: number;
  seconds: number;
  unknownEntityTypes: UnknownEntityTypes;
}

/** Plans the outputs of `inputs` (no model needed): shards, output paths, resumable ones. */
export async function planPredict(
  inputs: readonly string[],
  out: string,
  to: BioCFormat | undefined,
  modelDigest: string,
  skipExisting: boolean,
): Promise<PredictPlan> {
  const shards = await resolveShards(inputs);
  const target = outputTarget(out, shards.length);
  const planned: PlannedShard[] = [];
  for (const shard of shards) {
    const output = shardOutput(shard, target, await shardFormat(shard), to);
    planned.push({ shard, output, skip: false });
  }
  checkDistinctOutputs(planned);
  if (skipExisting) {
    const manifests = new Map<string, ReturnType<typeof readManifest>>();
    for (const p of planned) {
      const path = manifestPathFor(p.output.path);
      if (!manifests.has(path)) manifests.set(path, readManifest(path));
      p.skip =
        finishedOutput(manifests.get(path) ?? new Map(), p.output.path, modelDigest) !== undefined;
    }
  }
  const totalBytes = planned.filter((p) => !p.skip).reduce((n, p) => n + p.shard.size, 0);
  return { shards: planned, totalBytes };
}

/**
 * Predicts every input file into its own output, one shard after another, document by
 * document; each finished shard is recorded in `manifest.jsonl` beside its output.
 */
export async function predictFiles(opts: PredictFilesOptions): Promise<PredictSummary> {
  const started = performance.now();
  const plan = await planPredict(
    opts.inputs,
    opts.out,
    opts.to,
    opts.modelDigest,
    opts.skipExisting ?? false,
  );
  opts.onPlan?.(plan);
  const tally = new UnknownTypeTally();
  let documents = 0;
  let relations = 0;
  let bytesBefore = 0;
  let shards = 0;
  for (const { shard, output, skip } of plan.shards) {
    if (skip) continue;
    const documentsBefore = documents;
    const result = await predictShard(opts.model, shard, output, {
      ...(opts.batch ? { batch: opts.batch } : {}),
      ...(opts.schema ? { schema: opts.schema } : {}),
      ...(opts.typeMap ? { typeMap: opts.typeMap } : {}),
      onProgress: (docs, bytes) =>
        opts.onProgress?.({
          documents: documentsBefore + docs,
          bytesDone: bytesBefore + bytes,
          totalBytes: plan.totalBytes,
          shard: shard.path,
        }),
    });
    recordShard(output.path, shard.path, result, opts.modelDigest);
    tally.add(result.unknownEntityTypes);
    documents += result.documents;
    relations += result.relations;
    bytesBefore += shard.size;
    shards++;
    opts.onShard?.(result);
  }
  return {
    shards,
    skipped: plan.shards.length - shards,
    documents,
    relations,
    seconds: (performance.now() - started) / 1000,
    unknownEntityTypes: tally.result(),
  };
}
