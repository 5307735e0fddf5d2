import { schemaByName } from "@biore/relation-dataset";
import { type RelationModel, registerFastCpuKernels } from "@biore/re-models";
import * as tf from "@tensorflow/tfjs-core";
import { type BackendChoice, loadBackend } from "../backend.js";
import { loadModelDir } from "../pipeline/model-dir.js";
import { finishedOutput, manifestPathFor, readManifest, recordShard } from "../predict/manifest.js";
import { modelDigest } from "../predict/model-digest.js";
import { predictShard } from "../predict/predict-shard.js";
import { QueueError } from "./errors.js";
import type { PredictJobData, PredictJobResult } from "./jobs.js";

/** The environment variable carrying `--backend` into the sandboxed processors. */
export const BACKEND_ENV = "BIORE_QUEUE_BACKEND";

let backend: Promise<void> | undefined;
let loaded: { key: string; model: RelationModel } | undefined;

function ensureBackend(): Promise<void> {
  backend ??= (async () => {
    tf.env().set("PROD", true);
    const choice = (process.env[BACKEND_ENV] ?? "auto") as BackendChoice;
    // In a worker thread `auto` means wasm (prebuilt, about 3x the pure-JS cpu backend), else
    // cpu: native addons (tfjs-node) are not known to load in worker threads.
    let b: Awaited<ReturnType<typeof loadBackend>>;
    if (choice === "auto") {
      try {
        b = await loadBackend("wasm");
      } catch {
        b = await loadBackend("cpu");
      }
    } else b = await loadBackend(choice);
    if (b.tfBackend === "cpu") registerFastCpuKernels();
  })();
  return backend;
}

/** The model of a job, loaded once per processor and kept for the next jobs. */
function modelFor(data: PredictJobData): RelationModel {
  const key = `${data.model}\0${data.modelDigest}`;
  if (loaded?.key === key) return loaded.model;
  const digest = modelDigest(data.model);
  if (digest !== data.modelDigest) {
    throw new QueueError(
      "MODEL_CHANGED",
      `the model folder ${data.model} changed since this shard was enqueued (digest ${digest.slice(0, 12)}, expected ${data.modelDigest.slice(0, 12)}); enqueue again with the new model`,
      data.model,
    );
  }
  loaded?.model.dispose();
  loaded = { key, model: loadModelDir(data.model).model };
  return loaded.model;
}

/**
 * Predicts one queued shard. Its output appears whole or not at all (temp + rename); an
 * output the manifest already records under the same model digest is not made again, so a
 * job delivered twice (a stalled worker, a retry) still leaves exactly one output.
 */
export async function processPredictJob(
  data: PredictJobData,
  onProgress: (documents: number) => void = () => {},
): Promise<PredictJobResult> {
  const done = finishedOutput(
    readManifest(manifestPathFor(data.output)),
    data.output,
    data.modelDigest,
  );
  if (done) {
    return {
      documents: done.documents,
      relations: done.relations,
      bytes: data.size,
      seconds: 0,
      skipped: true,
    };
  }
  await ensureBackend();
  const model = modelFor(data);
  let lastReport = 0;
  const result = await predictShard(
    model,
    { path: data.shard, size: data.size, mtimeMs: data.mtimeMs, gzip: data.gzip },
    { path: data.output, format: data.format, gzip: data.outputGzip },
    {
      batch: data.batch,
      ...(data.schema ? { schema: schemaByName(data.schema) } : {}),
      ...(data.typeMap ? { typeMap: data.typeMap } : {}),
      onProgress: (documents) => {
        const now = Date.now();
        if (now - lastReport > 1000) {
          lastReport = now;
          onProgress(documents);
        }
      },
    },
  );
  recordShard(data.output, data.shard, result, data.modelDigest);
  const unknown = result.unknownEntityTypes;
  const tolerated =
    Object.keys(result.warnings.read.counts).length > 0 ||
    Object.keys(result.warnings.data.counts).length > 0;
  return {
    documents: result.documents,
    relations: result.relations,
    bytes: data.size,
    seconds: result.seconds,
    skipped: false,
    ...(tolerated ? { warnings: result.warnings } : {}),
    ...(Object.keys(unknown.types).length > 0
      ? {
          unknownEntityTypes: {
            droppedPairs: unknown.droppedPairs,
            candidatePairs: unknown.candidatePairs,
            types: Object.keys(unknown.types),
          },
        }
      : {}),
  };
}
